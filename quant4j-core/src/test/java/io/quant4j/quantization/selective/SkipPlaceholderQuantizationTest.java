package io.quant4j.quantization.selective;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.nn.BackboneInternalSkipConnection;
import io.quant4j.nn.CrossModelSkipConnection;
import io.quant4j.nn.HeadInternalSkipConnection;
import io.quant4j.nn.Module;
import io.quant4j.nn.Residual;
import io.quant4j.nn.Sequential;
import io.quant4j.nn.SkipConnection;
import io.quant4j.nn.SkipPlaceholder;
import io.quant4j.quantization.CalibMethod;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.calib.HistogramCalibrator;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The skip-connection placeholders ({@link SkipConnection}, {@link BackboneInternalSkipConnection},
 * {@link HeadInternalSkipConnection}, {@link CrossModelSkipConnection}, and {@link Residual}):
 * float, each is the identity without state; quantized, each becomes a {@link TensorQuantizer}
 * with the selective quantizer's input descriptor, which fake-quantizes as the scalar formula
 * {@code clamp(rint(x * maxBound / amax), -maxBound - 1, maxBound) * amax / maxBound} says; skipped
 * by type, it stays float.
 */
class SkipPlaceholderQuantizationTest {
    static Stream<Arguments> placeholders() {
        return Stream.of(
                Arguments.of("SkipConnection", (Supplier<Module>) SkipConnection::new),
                Arguments.of("BackboneInternalSkipConnection", (Supplier<Module>) BackboneInternalSkipConnection::new),
                Arguments.of("HeadInternalSkipConnection", (Supplier<Module>) HeadInternalSkipConnection::new),
                Arguments.of("CrossModelSkipConnection", (Supplier<Module>) CrossModelSkipConnection::new),
                Arguments.of("Residual", (Supplier<Module>) Residual::new));
    }

    private static final float[] X = {-9f, -3.1f, -0.13f, 0f, 0.124f, 0.9f, 2.2f, 40f};

    private static float fq(float x, float amax, int bits) {
        int maxBound = (1 << (bits - 1)) - 1;
        double q = Math.max(-maxBound - 1, Math.min(maxBound, Math.rint(x * (maxBound / (double) amax))));
        return (float) (q * amax / maxBound);
    }

    private static SelectiveQuantizer quantizer(CalibMethod inputs, int inputBits) {
        return new SelectiveQuantizer(new SelectiveQuantizerParams(CalibMethod.MAX, inputs, true, false, java.util.List.of(), false, 8, inputBits));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placeholders")
    void floatPlaceholderIsTheIdentityWithoutState(String name, Supplier<Module> make) {
        try (Module p = make.get(); Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            assertThat(p).isInstanceOf(SkipPlaceholder.class);
            assertThat(p.typeName()).isEqualTo(name);
            assertThat(p.stateEntries()).isEmpty();
            Tensor x = Tensor.fromFloats(X, 2, 4);
            assertThat(p.forward(x).toFloatArray()).containsExactly(X);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placeholders")
    void quantizedPlaceholderIsAnInputQuantizer(String name, Supplier<Module> make) {
        try (Sequential net = new Sequential(make.get()); Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            SelectiveQuantizer sq = quantizer(CalibMethod.HISTOGRAM, 8);
            QuantizationReport r = sq.quantize(net);
            assertThat(net.get("0")).isExactlyInstanceOf(TensorQuantizer.class);
            TensorQuantizer q = (TensorQuantizer) net.get("0");
            assertThat(q.descriptor()).isEqualTo(sq.defaultInputDescriptor());
            assertThat(q.calibrator()).isInstanceOf(HistogramCalibrator.class);
            assertThat(r.entries()).singleElement().satisfies(e -> {
                assertThat(e.path()).isEqualTo("0");
                assertThat(e.floatType()).isEqualTo(name);
                assertThat(e.quantType()).isEqualTo("TensorQuantizer");
            });
            q.setAmax(127f / 8);
            float[] want = new float[X.length];
            for (int i = 0; i < X.length; i++) {
                want[i] = fq(X[i], 127f / 8, 8);
            }
            assertThat(net.forward(Tensor.fromFloats(X, 2, 4)).toFloatArray()).containsExactly(want);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placeholders")
    void theInputDescriptorDecidesBitsAndCalibrator(String name, Supplier<Module> make) {
        try (Sequential net = new Sequential(make.get()); Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            quantizer(CalibMethod.MAX, 4).quantize(net);
            TensorQuantizer q = (TensorQuantizer) net.get("0");
            assertThat(q.descriptor().numBits()).isEqualTo(4);
            assertThat(q.descriptor().calibMethod()).isEqualTo(CalibMethod.MAX);
            q.setAmax(1.75f);   // 4 bits: maxBound 7, steps of 0.25
            assertThat(net.forward(Tensor.fromFloats(X, 2, 4)).toFloatArray())
                    .containsExactly(-2f, -2f, -0.25f, 0f, 0f, 1f, 1.75f, 1.75f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placeholders")
    void skippedByTypeItStaysFloat(String name, Supplier<Module> make) {
        try (Sequential net = new Sequential(make.get())) {
            Class<? extends Module> type = net.get("0").getClass();
            QuantizationReport r = quantizer(CalibMethod.HISTOGRAM, 8).registerSkipQuantization(type).quantize(net);
            assertThat(net.get("0")).isExactlyInstanceOf(type);
            assertThat(r.replaced()).isEmpty();
        }
    }
}
