package io.quant4j.nn.graph;

import io.quant4j.tensor.Tensor;
import io.quant4j.testing.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The imported graph is trainable: the backward of a sample of traced ONNX ops (as
 * {@link GraphOps} computes them, float64) against central finite differences, for every float
 * input. Integer inputs (axes, pads, sizes, indices) are host constants, as the importer folds them.
 */
class GraphOpGradientTest {

    /** A float input of the given shape, scaled, optionally kept away from 0 (for Div, Sqrt, Pow). */
    record In(long[] shape, double scale, double offset) {
        static In of(long... shape) {
            return new In(shape, 1, 0);
        }

        In scaled(double s) {
            return new In(shape, s, offset);
        }

        In positive() {
            return new In(shape, 0.4, 1.5);
        }
    }

    /**
     * One case: the op, its float inputs (first ones), host integer inputs appended after them at
     * the given positions, and attributes.
     */
    record Case(String op, List<In> floats, Map<Integer, Value.Ints> ints, Map<String, Object> attrs, int opset) {
        @Override
        public String toString() {
            return op + (attrs.isEmpty() ? "" : " " + attrs.keySet());
        }
    }

    private static Case c(String op, List<In> floats, Map<String, Object> attrs) {
        return new Case(op, floats, Map.of(), attrs, 17);
    }

    private static Case c(String op, List<In> floats, Map<Integer, Value.Ints> ints, Map<String, Object> attrs) {
        return new Case(op, floats, ints, attrs, 17);
    }

    static Stream<Case> ops() {
        long[] nchw = {2, 3, 4, 5};
        return Stream.of(
                c("Add", List.of(In.of(nchw), In.of(3, 1, 1)), Map.of()),
                c("Sub", List.of(In.of(2, 3), In.of(3)), Map.of()),
                c("Mul", List.of(In.of(nchw), In.of(1, 3, 1, 1)), Map.of()),
                c("Div", List.of(In.of(2, 3), In.of(2, 3).positive()), Map.of()),
                c("Pow", List.of(In.of(2, 3).positive(), In.of(1).scaled(2)), Map.of()),
                c("Sqrt", List.of(In.of(2, 3).positive()), Map.of()),
                c("Exp", List.of(In.of(2, 3)), Map.of()),
                c("Erf", List.of(In.of(2, 3).scaled(2)), Map.of()),
                c("Tanh", List.of(In.of(2, 3).scaled(2)), Map.of()),
                c("Sigmoid", List.of(In.of(2, 3).scaled(3)), Map.of()),
                c("HardSigmoid", List.of(In.of(2, 5).scaled(4)), Map.of("alpha", 0.2f, "beta", 0.5f)),
                c("HardSwish", List.of(In.of(2, 5).scaled(5)), Map.of()),
                c("LeakyRelu", List.of(In.of(2, 5)), Map.of("alpha", 0.1f)),
                c("PRelu", List.of(In.of(nchw), In.of(3, 1, 1)), Map.of()),
                // bounds are constants in real graphs (attributes before opset 11)
                new Case("Clip", List.of(In.of(2, 5).scaled(3)), Map.of(), Map.of("min", -1f, "max", 1.5f), 9),
                c("Max", List.of(In.of(2, 3), In.of(2, 3)), Map.of()),
                c("Min", List.of(In.of(2, 3), In.of(3)), Map.of()),
                c("Softmax", List.of(In.of(2, 3, 4).scaled(2)), Map.of("axis", -1L)),
                c("MatMul", List.of(In.of(2, 3, 4), In.of(2, 4, 5)), Map.of()),
                c("MaxPool", List.of(In.of(nchw)), Map.of("kernel_shape", new long[] {2, 2}, "strides", new long[] {1, 2})),
                c("AveragePool", List.of(In.of(nchw)), Map.of("kernel_shape", new long[] {3, 3}, "pads", new long[] {1, 1, 1, 1})),
                c("GlobalAveragePool", List.of(In.of(nchw)), Map.of()),
                c("ReduceMean", List.of(In.of(nchw)), Map.of("axes", new long[] {2, 3}, "keepdims", 1L)),
                c("LayerNormalization", List.of(In.of(2, 3, 4), In.of(4), In.of(4)), Map.of("axis", -1L, "epsilon", 1e-5f)),
                c("Concat", List.of(In.of(2, 3), In.of(2, 2)), Map.of("axis", 1L)),
                c("Transpose", List.of(In.of(2, 3, 4)), Map.of("perm", new long[] {2, 0, 1})),
                c("Flatten", List.of(In.of(nchw)), Map.of("axis", 2L)),
                c("Split", List.of(In.of(2, 6)), Map.of(1, Value.Ints.vector(2, 4)), Map.of("axis", 1L)),
                c("Slice", List.of(In.of(2, 6)), Map.of(1, Value.Ints.vector(1), 2, Value.Ints.vector(5), 3, Value.Ints.vector(1),
                        4, Value.Ints.vector(2)), Map.of()),
                c("Reshape", List.of(In.of(2, 6)), Map.of(1, Value.Ints.vector(3, -1)), Map.of()),
                c("Gather", List.of(In.of(4, 3)), Map.of(1, Value.Ints.vector(3, 0, 3)), Map.of("axis", 0L)),
                c("Pad", List.of(In.of(1, 2, 3)), Map.of(1, Value.Ints.vector(0, 0, 1, 0, 1, 2)), Map.of("mode", "reflect")),
                c("Resize", List.of(In.of(1, 2, 3, 4)), Map.of(1, new Value.Ints(new long[0], new long[] {0}, false)),
                        Map.of("mode", "linear")),
                c("Resize", List.of(In.of(1, 2, 3, 4)), Map.of(1, new Value.Ints(new long[0], new long[] {0}, false)),
                        Map.of("mode", "nearest")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void backwardMatchesFiniteDifferences(Case c) {
        Random rnd = new Random(3);
        List<double[]> values = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        for (In in : c.floats()) {
            double[] v = GradCheck.random(rnd, in.shape());
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] * in.scale() + in.offset();
            }
            values.add(v);
            shapes.add(in.shape());
        }
        GradCheck.check(xs -> apply(c, xs), values, shapes, 12, 1e-5);
    }

    /** The op on float inputs {@code xs} (in order), host integers at their positions, Resize scales of 2. */
    private static Tensor apply(Case c, List<Tensor> xs) {
        int n = xs.size() + c.ints().size() + (c.op().equals("Resize") ? 1 : 0);
        List<Value> in = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int f = 0;
        for (int i = 0; i < n; i++) {
            names.add("in" + i);
            if (c.ints().containsKey(i)) {
                in.add(c.ints().get(i));
            } else if (c.op().equals("Resize") && i == 2) {
                in.add(new Value.Dense(Tensor.fromFloats(new float[] {1, 1, 2, 2}, 4)));
            } else {
                in.add(new Value.Dense(xs.get(f++)));
            }
        }
        GraphNode node = new GraphNode("n", c.op(), names, c.op().equals("Split") ? List.of("out0", "out1") : List.of("out0"), c.attrs());
        List<Value> out = GraphOps.get(c.op()).apply(new OpCall(node, in, c.opset()));
        // every output of a multi-output op (Split) carries gradient
        List<Tensor> flat = out.stream().map(v -> ((Value.Dense) v).tensor().reshape(-1)).toList();
        return flat.size() == 1 ? flat.get(0) : Tensor.concat(flat, 0);
    }
}
