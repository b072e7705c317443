package io.quant4j.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import io.quant4j.tensor.ConvSpec;
import io.quant4j.tensor.Int2;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.testing.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every layer's backward (input and parameter gradients) against central differences, in float64. */
class LayerGradientTest {

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("Conv2d", (Supplier<Module>) () -> new Conv2d(3, 4, 3, 1, 1, true), new long[] {2, 3, 5, 5}, 1.0),
                Arguments.of("Conv2d stride2 dilation2 groups", (Supplier<Module>) () -> new Conv2d(4, 6, Int2.of(3),
                        new ConvSpec(Int2.of(2), Int2.of(2), Int2.of(2), 2), true), new long[] {1, 4, 7, 7}, 1.0),
                Arguments.of("ConvTranspose2d", (Supplier<Module>) () -> new ConvTranspose2d(4, 2, Int2.of(3),
                        new ConvSpec(Int2.of(2), Int2.of(1), Int2.of(1), 2), Int2.of(1), true), new long[] {2, 4, 3, 3}, 1.0),
                Arguments.of("BatchNorm2d train", (Supplier<Module>) () -> new BatchNorm2d(3), new long[] {4, 3, 2, 2}, 1.0),
                Arguments.of("BatchNorm2d eval", (Supplier<Module>) () -> new BatchNorm2d(3).eval(), new long[] {2, 3, 2, 2}, 1.0),
                Arguments.of("Linear", (Supplier<Module>) () -> new Linear(5, 3), new long[] {4, 5}, 1.0),
                Arguments.of("ReLU", (Supplier<Module>) ReLU::new, new long[] {2, 3, 4}, 1.0),
                Arguments.of("ReLU6", (Supplier<Module>) ReLU6::new, new long[] {2, 3, 4}, 8.0),
                Arguments.of("Hardswish", (Supplier<Module>) Hardswish::new, new long[] {2, 3, 4}, 5.0),
                Arguments.of("SiLU", (Supplier<Module>) SiLU::new, new long[] {2, 3, 4}, 3.0),
                Arguments.of("Sigmoid", (Supplier<Module>) Sigmoid::new, new long[] {2, 3, 4}, 3.0),
                Arguments.of("Tanh", (Supplier<Module>) Tanh::new, new long[] {2, 3, 4}, 3.0),
                Arguments.of("MaxPool2d", (Supplier<Module>) () -> new MaxPool2d(3, 2, 1), new long[] {1, 2, 5, 5}, 1.0),
                Arguments.of("AvgPool2d", (Supplier<Module>) () -> new AvgPool2d(2, 2, 0), new long[] {1, 2, 4, 4}, 1.0),
                Arguments.of("AdaptiveAvgPool2d", (Supplier<Module>) () -> new AdaptiveAvgPool2d(new Int2(2, 3)), new long[] {1, 2, 5, 7}, 1.0),
                Arguments.of("Flatten", (Supplier<Module>) Flatten::new, new long[] {2, 2, 3, 3}, 1.0),
                Arguments.of("Identity", (Supplier<Module>) Identity::new, new long[] {2, 3}, 1.0),
                Arguments.of("Residual", (Supplier<Module>) Residual::new, new long[] {2, 3}, 1.0),
                Arguments.of("Dropout eval", (Supplier<Module>) () -> new Dropout(0.5f).eval(), new long[] {2, 3}, 1.0),
                Arguments.of("Sequential", (Supplier<Module>) () -> new Sequential(new Conv2d(2, 3, 1, 1, 0, false),
                        new BatchNorm2d(3), new ReLU()), new long[] {2, 2, 3, 3}, 1.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void backwardMatchesFiniteDifferences(String name, Supplier<Module> factory, long[] inputShape, double scale) {
        try (Module layer = factory.get()) {
            Map<String, Parameter> params = layer.namedParameters();
            toFloat64(layer);
            List<double[]> values = new ArrayList<>();
            List<long[]> shapes = new ArrayList<>();
            Random rnd = new Random(1);
            double[] x = GradCheck.random(rnd, inputShape);
            for (int i = 0; i < x.length; i++) {
                x[i] *= scale;
            }
            values.add(x);
            shapes.add(inputShape);
            List<Parameter> order = new ArrayList<>(params.values());
            for (Parameter p : order) {
                values.add(p.value().ndArray().toDoubleArray());
                shapes.add(p.value().shape());
            }
            GradCheck.check(in -> {
                for (int i = 0; i < order.size(); i++) {
                    order.get(i).assign(in.get(i + 1));
                }
                return layer.forward(in.get(0));
            }, values, shapes, 12, 1e-5);
        }
    }

    /** Converts every float state entry to float64. */
    static void toFloat64(Module m) {
        try (Scope s = Scope.open()) {
            for (StateEntry e : m.stateEntries().values()) {
                if (e.value().dataType() == DataType.FLOAT32) {
                    e.assign(Tensor.of(e.value().ndArray().toType(DataType.FLOAT64, true)));
                }
            }
        }
    }

    @Test
    void convTransposeIsTheAdjointOfConv() {
        // <convT(y, w), x> == <y, conv(x, w)> for the same weight and geometry
        Random rnd = new Random(3);
        ConvSpec spec = new ConvSpec(Int2.of(2), Int2.of(1), Int2.of(1), 2);
        try (Scope s = Scope.open()) {
            long[] xs = {2, 4, 7, 7};
            long[] ws = {6, 2, 3, 3};
            Tensor x = GradCheck.doubles(GradCheck.random(rnd, xs), xs);
            Tensor w = GradCheck.doubles(GradCheck.random(rnd, ws), ws);
            Tensor y = x.conv2d(w, null, spec);
            Tensor r = GradCheck.doubles(GradCheck.random(rnd, y.shape()), y.shape());
            Tensor back = r.convTranspose2d(w, null, spec, Int2.of(0));
            assertThat(back.shape()).containsExactly(xs);
            double lhs = back.mul(x).sum().ndArray().toDoubleArray()[0];
            double rhs = r.mul(y).sum().ndArray().toDoubleArray()[0];
            assertThat(lhs).isCloseTo(rhs, org.assertj.core.data.Offset.offset(1e-9 * (1 + Math.abs(rhs))));
        }
    }

    @Test
    void dropoutScalesKeptValuesInTraining() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.ones(1000);
            float[] y = new Dropout(0.25f).train().forward(x).toFloatArray();
            long kept = 0;
            for (float v : y) {
                assertThat(v == 0f || Math.abs(v - 1f / 0.75f) < 1e-6).isTrue();
                kept += v != 0f ? 1 : 0;
            }
            assertThat(kept).isBetween(650L, 850L);
        }
    }
}
