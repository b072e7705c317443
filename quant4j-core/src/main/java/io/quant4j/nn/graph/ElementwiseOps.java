package io.quant4j.nn.graph;

import io.quant4j.tensor.GraphTensorOps;
import io.quant4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * Elementwise arithmetic with numpy broadcasting: on dense tensors (autograd), and on host
 * integers when every input is one (integer division truncates toward zero, as C does).
 * Variadic Max, Min, Sum and Mean fold their inputs left to right.
 */
final class ElementwiseOps {
    private ElementwiseOps() {}

    static void register(Map<String, GraphOp> t) {
        t.put("Add", binary(Tensor::add, Math::addExact));
        t.put("Sub", binary(Tensor::sub, Math::subtractExact));
        t.put("Mul", binary(Tensor::mul, Math::multiplyExact));
        t.put("Div", binary(Tensor::div, (a, b) -> a / b));
        t.put("Pow", ElementwiseOps::pow);
        t.put("Max", variadic(Tensor::maximum, Math::max));
        t.put("Min", variadic(Tensor::minimum, Math::min));
        t.put("Sum", variadic(Tensor::add, Math::addExact));
        t.put("Mean", ElementwiseOps::mean);
        t.put("Neg", unary(Tensor::neg, v -> -v));
        t.put("Abs", unary(Tensor::abs, Math::abs));
        t.put("Sqrt", unary(Tensor::sqrt, null));
        t.put("Exp", unary(Tensor::exp, null));
        t.put("Log", unary(Tensor::log, null));
        t.put("Reciprocal", unary(GraphTensorOps::reciprocal, null));
        t.put("Floor", unary(GraphTensorOps::floor, v -> v));
        t.put("Ceil", unary(GraphTensorOps::ceil, v -> v));
        t.put("Clip", ElementwiseOps::clip);
        t.put("Identity", c -> List.of(c.input(0)));
        t.put("Dropout", ElementwiseOps::dropout);
    }

    /** A unary op; {@code ints} (may be null) computes it on host integers, else they are converted to floats. */
    static GraphOp unary(UnaryOperator<Tensor> dense, LongUnaryOperator ints) {
        return c -> {
            if (ints != null && c.input(0) instanceof Value.Ints n) {
                long[] d = n.data();
                for (int i = 0; i < d.length; i++) {
                    d[i] = ints.applyAsLong(d[i]);
                }
                return List.of(new Value.Ints(d, n.shape(), false));
            }
            return OpCall.out(dense.apply(c.dense(0)));
        };
    }

    private static GraphOp binary(BinaryOperator<Tensor> dense, LongBinaryOperator ints) {
        return c -> {
            if (c.input(0) instanceof Value.Ints a && c.input(1) instanceof Value.Ints b) {
                return List.of(Broadcast.apply(a, b, ints, false, c));
            }
            return OpCall.out(dense.apply(c.dense(0), c.dense(1)));
        };
    }

    private static boolean allInts(OpCall c) {
        for (int i = 0; i < c.inputs().size(); i++) {
            if (!(c.input(i) instanceof Value.Ints)) {
                return false;
            }
        }
        return true;
    }

    private static GraphOp variadic(BinaryOperator<Tensor> dense, LongBinaryOperator ints) {
        return c -> {
            if (allInts(c)) {
                Value.Ints acc = c.ints(0);
                for (int i = 1; i < c.inputs().size(); i++) {
                    acc = Broadcast.apply(acc, c.ints(i), ints, false, c);
                }
                return List.of(acc);
            }
            Tensor acc = c.dense(0);
            for (int i = 1; i < c.inputs().size(); i++) {
                acc = dense.apply(acc, c.dense(i));
            }
            return OpCall.out(acc);
        };
    }

    private static List<Value> mean(OpCall c) {
        Tensor acc = c.dense(0);
        for (int i = 1; i < c.inputs().size(); i++) {
            acc = acc.add(c.dense(i));
        }
        return OpCall.out(c.inputs().size() == 1 ? acc : acc.div(c.inputs().size()));
    }

    /** Pow: the result has the base's type (an integer base gives integers, truncated). */
    private static List<Value> pow(OpCall c) {
        if (c.input(0) instanceof Value.Ints base) {
            long[] b = base.data();
            long[] e = c.input(1) instanceof Value.Ints n ? Broadcast.apply(base, n, (x, y) -> y, false, c).data() : null;
            float[] ef = e == null ? c.dense(1).toFloatArray() : null;
            if (ef != null && ef.length != b.length && ef.length != 1) {
                throw c.error("expected an exponent of one element or the base's shape for an integer base, found "
                        + java.util.Arrays.toString(c.input(1).shape()), "Broadcast the exponent explicitly.");
            }
            long[] out = new long[b.length];
            for (int i = 0; i < b.length; i++) {
                double ex = e != null ? e[i] : ef[ef.length == 1 ? 0 : i];
                out[i] = (long) Math.pow(b[i], ex);
            }
            return List.of(new Value.Ints(out, base.shape(), false));
        }
        return OpCall.out(GraphTensorOps.pow(c.dense(0), c.dense(1)));
    }

    /**
     * Dropout at inference: the identity (and an all-true mask). Training mode (opset 12's input 2
     * true) is refused unless the ratio (input 1) is 0, which makes it the identity too.
     */
    private static List<Value> dropout(OpCall c) {
        if (c.opset() >= 12 && c.has(2) && c.ints(2).get(0) != 0 && !(c.has(1) && scalar(c, 1) == 0f)) {
            throw c.error("expected training_mode false (inference), found true", "Random dropout in the imported graph is not supported;"
                    + " export the model for inference.");
        }
        return c.node().outputs().size() > 1 ? List.of(c.input(0), maskOf(c.input(0))) : List.of(c.input(0));
    }

    private static Value maskOf(Value v) {
        long[] ones = new long[(int) HostTensor.count(v.shape())];
        java.util.Arrays.fill(ones, 1);
        return new Value.Ints(ones, v.shape(), true);
    }

    /** Clip: bounds from attributes {@code min}/{@code max} before opset 11, from inputs 1 and 2 since. */
    private static List<Value> clip(OpCall c) {
        if (c.input(0) instanceof Value.Ints n && c.opset() >= 11) {
            long lo = c.has(1) ? c.ints(1).get(0) : Long.MIN_VALUE;
            long hi = c.has(2) ? c.ints(2).get(0) : Long.MAX_VALUE;
            long[] d = n.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = Math.min(Math.max(d[i], lo), hi);
            }
            return List.of(new Value.Ints(d, n.shape(), false));
        }
        float lo;
        float hi;
        if (c.opset() < 11) {
            lo = c.node().attrFloat("min", -Float.MAX_VALUE);
            hi = c.node().attrFloat("max", Float.MAX_VALUE);
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
            if (n.size() != 1) {
                throw c.error("expected a scalar for input " + i + ", found shape " + java.util.Arrays.toString(n.shape()),
                        "Give a one-element tensor.");
            }
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
