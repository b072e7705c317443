package io.quant4j.quantization;

import static io.quant4j.quantization.QuantizationReferenceTest.assertBitExact;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.nn.Module;
import io.quant4j.nn.Sequential;
import io.quant4j.nn.StateDict;
import io.quant4j.nn.StateDictMismatchException;
import io.quant4j.quantization.calib.Amax;
import io.quant4j.quantization.calib.AmaxMethod;
import io.quant4j.quantization.calib.HistogramCalibrator;
import io.quant4j.quantization.calib.HistogramPerChannelException;
import io.quant4j.quantization.calib.MaxCalibrator;
import io.quant4j.quantization.calib.NoCalibrationDataException;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorQuantizerTest {
    private static final float[] X = {-3f, -1f, -0.2f, 0.1f, 0.5f, 2f};

    private static Tensor x() {
        return Tensor.fromFloats(X, X.length);
    }

    private static float[] fq(float[] x, float amax, QuantGrid g) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = g.fakeQuant(x[i], amax);
        }
        return y;
    }

    @Test
    void dynamicAmaxIsMaxAbsOfTheInput() {
        try (TensorQuantizer q = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR); Scope s = Scope.open();
             Autograd.Recording off = Autograd.noGrad()) {
            assertThat(q.amax()).isNull();
            assertBitExact(q.forward(x()).toFloatArray(), fq(X, 3f, QuantGrid.INT8), "dynamic");
            assertThat(q.amax()).as("dynamic amax is not stored").isNull();
        }
    }

    @Test
    void fixedAndScaledAmax() {
        QuantDescriptor d = QuantDescriptor.INT8_PER_TENSOR.withAmax(1f).withScaleAmax(0.5f);
        try (TensorQuantizer q = new TensorQuantizer(d); Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            assertThat(q.amax()).containsExactly(1f);
            assertThat(q.amaxShape()).isEmpty();
            assertBitExact(q.forward(x()).toFloatArray(), fq(X, 0.5f, QuantGrid.INT8), "scaled");
        }
    }

    @Test
    void disabledAndCalibrationModesAreTheIdentity() {
        try (TensorQuantizer q = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR_HISTOGRAM); Scope s = Scope.open()) {
            Tensor in = x();
            q.disable();
            assertThat(q.isEnabled()).isFalse();
            assertThat(q.forward(in)).isSameAs(in);
            assertThat(q.calibrator().hasData()).isFalse();
            q.enable().disableQuant().enableCalib();
            assertThat(q.forward(in)).isSameAs(in);
            assertThat(q.calibrator().hasData()).isTrue();
            assertThat(((HistogramCalibrator) q.calibrator()).total()).isEqualTo(X.length);
            q.disable();
            q.forward(in);
            assertThat(((HistogramCalibrator) q.calibrator()).total()).as("disabled observes nothing").isEqualTo(X.length);
        }
    }

    @Test
    void calibrateThenQuantizeWithMax() {
        try (TensorQuantizer q = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR); Scope s = Scope.open();
             Autograd.Recording off = Autograd.noGrad()) {
            q.disableQuant().enableCalib();
            q.forward(x());
            q.forward(Tensor.fromFloats(new float[] {4f, -1f}, 2));
            q.enableQuant().disableCalib();
            q.loadCalibAmax();
            assertThat(q.amax()).containsExactly(4f);
            assertBitExact(q.forward(x()).toFloatArray(), fq(X, 4f, QuantGrid.INT8), "calibrated");
            q.releaseCalibrator();
            assertThat(q.calibrator().hasData()).isFalse();
            assertThat(q.amax()).containsExactly(4f);
        }
    }

    @Test
    void calibrateWithHistogramMethods() {
        try (TensorQuantizer q = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR_HISTOGRAM); Scope s = Scope.open()) {
            q.disableQuant().enableCalib();
            q.forward(Tensor.randn(20000));
            q.loadCalibAmax(AmaxMethod.percentile(99.9));
            float p = q.amax()[0];
            assertThat(p).isBetween(2.5f, 4f);
            q.loadCalibAmax(AmaxMethod.mse());
            assertThat(q.amax()[0]).isBetween(1f, 5f);
            q.loadCalibAmax(AmaxMethod.entropy());
            assertThat(q.amax()[0]).isBetween(1f, 5f);
            assertThatThrownBy(() -> q.loadCalibAmax(AmaxMethod.max())).hasMessageContaining("percentile, entropy or mse");
        }
    }

    @Test
    void loadingWithoutDataNamesTheQuantizer() {
        try (TensorQuantizer q = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withName("layer1.0.conv1.input"))) {
            assertThatThrownBy(q::loadCalibAmax).isInstanceOf(NoCalibrationDataException.class)
                    .hasMessageContaining("TensorQuantizer('layer1.0.conv1.input' 8bit per-tensor)");
        }
    }

    @Test
    void perChannelCalibrationKeepsDimensions() {
        try (TensorQuantizer q = new TensorQuantizer(QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL); Scope s = Scope.open()) {
            q.disableQuant().enableCalib();
            q.forward(Tensor.fromFloats(new float[] {1, -2, 3, -4, 0.5f, 0.25f, 0, 0}, 4, 1, 2, 1));
            q.loadCalibAmax();
            assertThat(q.amax()).containsExactly(2f, 4f, 0.5f, 0f);
            assertThat(q.amaxShape()).containsExactly(4, 1, 1, 1);
            assertThat(q.toString()).isEqualTo("TensorQuantizer(8bit per-channel(axis=0) amax=[0.0000, 4.0000](4) calibrator=Max calib quant-off)");
        }
    }

    @Test
    void toStringIsOneReadableLine() {
        try (TensorQuantizer q = new TensorQuantizer(QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL)) {
            q.setAmax(0.0021f, 0.4312f, 0.1f);
            assertThat(q.toString()).isEqualTo("TensorQuantizer(8bit per-channel(axis=0) amax=[0.0021, 0.4312](3) calibrator=Max)");
        }
        try (TensorQuantizer q = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR_HISTOGRAM.withUnsigned(true).withLearnAmax(true))) {
            assertThat(q.toString()).isEqualTo("TensorQuantizer(unsigned 8bit per-tensor amax=dynamic learned calibrator=Histogram)");
        }
    }

    @Test
    void setAmaxValidates() {
        try (TensorQuantizer q = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withName("a"))) {
            assertThatThrownBy(() -> q.setAmax(-1f)).isInstanceOf(NegativeAmaxException.class)
                    .hasMessageContaining("TensorQuantizer('a' 8bit per-tensor)");
            assertThatThrownBy(() -> q.setAmax(1f, 2f)).isInstanceOf(QuantizationException.class);
            q.setAmax(2f);
            q.setAmax(3f);
            assertThat(q.amax()).containsExactly(3f);
        }
    }

    @Test
    void unsignedQuantizerRefusesNegativeInput() {
        try (Sequential m = new Sequential(new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withUnsigned(true).withAmax(1f)));
             Scope s = Scope.open()) {
            assertThatThrownBy(() -> m.forward(x())).isInstanceOf(NegativeUnsignedInputException.class)
                    .hasMessageContaining("unsigned 8bit per-tensor").hasMessageContaining("0 (TensorQuantizer)")
                    .hasMessageContaining("-3.0");
        }
    }

    @Test
    void histogramCalibratorWithAxisIsRefused() {
        assertThatThrownBy(() -> new TensorQuantizer(QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL
                .withCalibMethod(CalibMethod.HISTOGRAM).withName("w")))
                .isInstanceOf(HistogramPerChannelException.class)
                .hasMessageContaining("TensorQuantizer('w' 8bit per-channel(axis=0))").hasMessageContaining("axis = 0");
    }

    @Test
    void amaxIsSavedAsUnderscoreAmaxAndCreatedOnLoad(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("q.safetensors");
        try (Sequential m = new Sequential(new TensorQuantizer(QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL));
             Scope s = Scope.open()) {
            TensorQuantizer q = (TensorQuantizer) m.get(0);
            assertThat(m.stateEntries()).isEmpty();
            q.disableQuant().enableCalib();
            m.forward(Tensor.fromFloats(new float[] {1, -2, 3, -4}, 2, 2));
            q.loadCalibAmax();
            assertThat(m.stateEntries().keySet()).containsExactly("0._amax");
            StateDict.save(m, file, Map.of());
        }
        try (Sequential fresh = new Sequential(new TensorQuantizer(QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL));
             Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            TensorQuantizer q = (TensorQuantizer) fresh.get(0);
            assertThat(StateDict.load(fresh, file, true).clean()).isTrue();
            assertThat(q.amax()).containsExactly(2f, 4f);
            assertThat(q.amaxShape()).containsExactly(2, 1);
            assertBitExact(fresh.forward(Tensor.fromFloats(new float[] {1, -2, 3, -4}, 2, 2)).toFloatArray(),
                    new float[] {QuantGrid.INT8.fakeQuant(1, 2), -2, QuantGrid.INT8.fakeQuant(3, 4), -4}, "loaded");
        }
        try (Sequential other = new Sequential(new TensorQuantizer(QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL),
                new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withLearnAmax(true)))) {
            assertThatThrownBy(() -> StateDict.load(other, Path.of(file.toString()), true))
                    .isInstanceOf(StateDictMismatchException.class).hasMessageContaining("1.clip.clip_value_min");
            assertThat(((TensorQuantizer) other.get(0)).amax()).as("strict failure changes nothing").isNull();
        }
    }

    @Test
    void learnAmaxHasAClipChildWithPytorchNames() {
        QuantDescriptor d = QuantDescriptor.INT8_PER_TENSOR.withLearnAmax(true);
        try (Sequential m = new Sequential(new TensorQuantizer(d)); Scope s = Scope.open()) {
            TensorQuantizer q = (TensorQuantizer) m.get(0);
            assertThat(m.stateEntries().keySet()).containsExactly("0.clip.clip_value_min", "0.clip.clip_value_max");
            assertThat(q.clip().minValue()).isEqualTo(-1f);
            assertThat(q.isClipEnabled()).isTrue();
            q.disableQuant().enableCalib();
            m.forward(x());
            q.loadCalibAmax();
            assertThat(q.clip().minValue()).isEqualTo(-3f);
            assertThat(q.clip().maxValue()).isEqualTo(3f);
            assertThat(m.stateEntries().keySet()).containsExactly("0._amax", "0.clip.clip_value_min", "0.clip.clip_value_max");
            q.disableCalib();
            try (Autograd.Recording off = Autograd.noGrad()) {
                assertThat(q.forward(Tensor.fromFloats(new float[] {-5f, 5f}, 2)).toFloatArray())
                        .as("quant off, clip on: clip only").containsExactly(-3f, 3f);
                q.enableQuant();
                q.clip().set(-0.5f, 1f);
                assertBitExact(q.forward(Tensor.fromFloats(new float[] {-5f, 0.3f, 5f}, 3)).toFloatArray(),
                        new float[] {QuantGrid.INT8.fakeQuant(-0.5f, 1f), QuantGrid.INT8.fakeQuant(0.3f, 1f), 1f}, "learned clip");
            }
        }
        try (TensorQuantizer plain = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR)) {
            assertThatThrownBy(plain::enableClip).isInstanceOf(QuantizationException.class).hasMessageContaining("learnAmax");
            assertThat(plain.clip()).isNull();
        }
    }

    @Test
    void learnedNegativeAmaxIsAnError() {
        try (TensorQuantizer q = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withLearnAmax(true)); Scope s = Scope.open()) {
            q.clip().set(0.5f, -0.5f);
            assertThatThrownBy(() -> q.forward(x())).isInstanceOf(NegativeAmaxException.class).hasMessageContaining("-0.5");
        }
    }

    @Test
    void accessors() {
        try (TensorQuantizer q = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withNumBits(4).withNarrowRange(true))) {
            assertThat(q.maxBound()).isEqualTo(7);
            assertThat(q.minBound()).isEqualTo(-7);
            assertThat(q.descriptor().numBits()).isEqualTo(4);
            assertThat(q.calibrator()).isInstanceOf(MaxCalibrator.class);
            assertThat(q.isQuantEnabled()).isTrue();
            assertThat(q.isCalibEnabled()).isFalse();
            q.setAmax(new Amax(new float[] {1f}, new long[] {1}));
            assertThat(q.amaxShape()).containsExactly(1);
            Module asModule = q;
            assertThat(asModule.namedBuffers().keySet()).containsExactly(TensorQuantizer.AMAX);
        }
    }
}
