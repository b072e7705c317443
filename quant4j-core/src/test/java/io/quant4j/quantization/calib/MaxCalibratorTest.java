package io.quant4j.quantization.calib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.errors.ShapeMismatchException;
import io.quant4j.quantization.QuantAxis;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class MaxCalibratorTest {

    @Test
    void perTensorRunningMaximumOfAbs() {
        MaxCalibrator c = new MaxCalibrator(null, "q");
        assertThat(c.hasData()).isFalse();
        try (Scope s = Scope.open()) {
            c.collect(Tensor.fromFloats(new float[] {0.5f, -2f, 1f}, 3));
            c.collect(Tensor.fromFloats(new float[] {1.5f, -0.1f}, 2));
        }
        Amax a = c.computeAmax();
        assertThat(a.values()).containsExactly(2f);
        assertThat(a.shape()).isEmpty();
        assertThat(c.computeAmax(AmaxMethod.max())).isEqualTo(a);
        c.reset();
        assertThat(c.hasData()).isFalse();
    }

    @Test
    void perChannelKeepsDimensions() {
        MaxCalibrator c = new MaxCalibrator(QuantAxis.of(1), "convT.weight");
        try (Scope s = Scope.open()) {
            // C=2 x K=3 x 1 x 2 (a transposed conv weight, axis 1)
            float[] w = {1, -1, 2, 0, -3, 0.5f, /* c=1 */ 0.25f, 0, -5, 4, 0, 0};
            c.collect(Tensor.fromFloats(w, 2, 3, 1, 2));
            c.collect(Tensor.fromFloats(new float[12], 2, 3, 1, 2));
        }
        Amax a = c.computeAmax();
        assertThat(a.values()).containsExactly(1f, 5f, 3f);
        assertThat(a.shape()).containsExactly(1, 3, 1, 1);
    }

    @Test
    void errorsNameTheOwnerAndKeepTheState() {
        MaxCalibrator c = new MaxCalibrator(QuantAxis.of(0), "layer1.weight");
        assertThatThrownBy(c::computeAmax).isInstanceOf(NoCalibrationDataException.class).hasMessageContaining("layer1.weight");
        try (Scope s = Scope.open()) {
            c.collect(Tensor.fromFloats(new float[] {1, 2, 3, 4}, 2, 2));
            assertThatThrownBy(() -> c.collect(Tensor.fromFloats(new float[] {1, 2, 3}, 3, 1)))
                    .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("layer1.weight");
            assertThatThrownBy(() -> c.collect(Tensor.fromFloats(new float[] {Float.NaN, 2, 3, 4}, 2, 2)))
                    .isInstanceOf(NonFiniteCalibrationDataException.class).hasMessageContaining("NaN").hasMessageContaining("layer1.weight");
            assertThatThrownBy(() -> c.collect(Tensor.fromFloats(new float[] {1, Float.NEGATIVE_INFINITY, 3, 4}, 2, 2)))
                    .isInstanceOf(NonFiniteCalibrationDataException.class).hasMessageContaining("Infinity");
            assertThatThrownBy(() -> c.collect(Tensor.fromFloats(new float[] {1, 2}, 2)))
                    .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("expected [2, 1], found [2]");
        }
        assertThat(c.computeAmax().values()).containsExactly(2f, 4f);
        assertThatThrownBy(() -> c.computeAmax(AmaxMethod.percentile(99))).isInstanceOf(UnsupportedAmaxMethodException.class)
                .hasMessageContaining("percentile(99.0)");
        assertThat(c.toString()).isEqualTo("MaxCalibrator(axis=0, amax=[2.0, 4.0][2, 1])");
    }

    @Test
    void reduceAmaxOfAnyRank() {
        try (Scope s = Scope.open()) {
            assertThat(MaxCalibrator.reduceAmax(Tensor.scalar(-3f), null, null).values()).containsExactly(3f);
            Amax a = MaxCalibrator.reduceAmax(Tensor.fromFloats(new float[] {1, -7, 2, 3}, 4), QuantAxis.of(0), null);
            assertThat(a.values()).containsExactly(1f, 7f, 2f, 3f);
            assertThat(a.shape()).containsExactly(4);
        }
    }
}
