package io.quant4j.nn.graph;

import io.quant4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.UnaryOperator;

/** Elementwise ops: arithmetic (on host integers too), activations, clipping. */
final class ElementwiseOps {
    private ElementwiseOps() {}

    static void register(Map<String, GraphOp> t) {
        t.put("Add", binary(Tensor::add, Math::addExact));
        t.put("Sub", binary(Tensor::sub, Math::subtractExact));
        t.put("Mul", binary(Tensor::mul, Math::multiplyExact));
        t.put("Div", binary(Tensor::div, (a, b) -> a / b));
        t.put("Relu", unary(Tensor::relu));
        t.put("Sigmoid", unary(Tensor::sigmoid));
        t.put("Tanh", unary(Tensor::tanh));
        t.put("Sqrt", unary(Tensor::sqrt));
        t.put("Exp", unary(Tensor::exp));
        t.put("Neg", c -> c.input(0) instanceof Value.Ints n ? List.of(map(n, v -> -v)) : OpCall.out(c.dense(0).neg()));
        t.put("Abs", c -> c.input(0) instanceof Value.Ints n ? List.of(map(n, Math::abs)) : OpCall.out(c.dense(0).abs()));
        t.put("HardSwish", unary(Tensor::hardswish));
        t.put("HardSigmoid", c -> {
            float alpha = c.node().attrFloat("alpha", 0.2f);
            float beta = c.node().attrFloat("beta", 0.5f);
            return OpCall.out(c.dense(0).mul(alpha).add(beta).clamp(0f, 1f));
        });
        t.put("Clip", ElementwiseOps::clip);
        t.put("Identity", c -> List.of(c.input(0)));
        t.put("Dropout", c -> c.node().outputs().size() > 1 ? List.of(c.input(0), maskOf(c.input(0))) : List.of(c.input(0)));
    }

    private static GraphOp unary(UnaryOperator<Tensor> f) {
        return c -> OpCall.out(f.apply(c.dense(0)));
    }

    private static GraphOp binary(BinaryOperator<Tensor> dense, LongBinaryOperator ints) {
        return c -> {
            if (c.input(0) instanceof Value.Ints a && c.input(1) instanceof Value.Ints b) {
                return List.of(Broadcast.apply(a, b, ints, false, c));
            }
            return OpCall.out(dense.apply(c.dense(0), c.dense(1)));
        };
    }

    private static Value.Ints map(Value.Ints v, java.util.function.LongUnaryOperator f) {
        long[] d = v.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = f.applyAsLong(d[i]);
        }
        return new Value.Ints(d, v.shape(), false);
    }

    private static Value maskOf(Value v) {
        long[] ones = new long[(int) HostTensor.count(v.shape())];
        java.util.Arrays.fill(ones, 1);
        return new Value.Ints(ones, v.shape(), true);
    }

    /** Clip: bounds from attributes {@code min}/{@code max} before opset 11, from inputs 1 and 2 since. */
    private static List<Value> clip(OpCall c) {
        float lo;
        float hi;
        if (c.opset() < 11) {
            lo = c.node().attrFloat("min", Float.NEGATIVE_INFINITY);
            hi = c.node().attrFloat("max", Float.POSITIVE_INFINITY);
        } else {
            lo = c.has(1) ? scalar(c, 1) : Float.NEGATIVE_INFINITY;
            hi = c.has(2) ? scalar(c, 2) : Float.POSITIVE_INFINITY;
        }
        return OpCall.out(c.dense(0).clamp(lo, hi));
    }

    /** A scalar input known without running the data (a constant). */
    static float scalar(OpCall c, int i) {
        Value v = c.input(i);
        if (v instanceof Value.Ints n) {
            return n.get(0);
        }
        Tensor t = ((Value.Dense) v).tensor();
        if (t.size() != 1) {
            throw c.error("expected a scalar for input " + i + ", found shape " + java.util.Arrays.toString(t.shape()),
                    "Give a one-element tensor.");
        }
        return t.item();
    }
}
