package io.quant4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quant4j.errors.ShapeMismatchException;
import org.junit.jupiter.api.Test;

class TensorOpsTest {
    @Test
    void avgPoolExcludingPaddingDividesByValidCount() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.fromFloats(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
            float[] incl = x.avgPool2d(Int2.of(2), Int2.of(1), Int2.of(1), false, true).toFloatArray();
            float[] excl = x.avgPool2d(Int2.of(2), Int2.of(1), Int2.of(1), false, false).toFloatArray();
            // 3x3 output; corner window holds one real value
            assertThat(incl[0]).isCloseTo(1f / 4, within(1e-6f));
            assertThat(excl[0]).isCloseTo(1f, within(1e-6f));
            assertThat(excl[1]).isCloseTo(1.5f, within(1e-6f));
            assertThat(excl[4]).isCloseTo(2.5f, within(1e-6f));
        }
    }

    @Test
    void reductionsOverSeveralAxes() {
        try (Scope s = Scope.open()) {
            float[] v = new float[24];
            for (int i = 0; i < v.length; i++) {
                v[i] = i;
            }
            Tensor x = Tensor.fromFloats(v, 2, 3, 4);
            assertThat(x.max(new int[] {0, 2}, false).toFloatArray()).containsExactly(15f, 19f, 23f);
            assertThat(x.min(new int[] {2, 0}, true).shape()).containsExactly(1, 3, 1);
            assertThat(x.mean(new int[] {1, 2}, false).toFloatArray()).containsExactly(5.5f, 17.5f);
            assertThat(x.sum(new int[] {0, 1}, false).toFloatArray()).containsExactly(60f, 66f, 72f, 78f);
        }
    }

    @Test
    void dataOfWrongSizeIsATypedError() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Tensor.fromFloats(new float[3], 2, 2))
                .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("3 elements");
    }
}
