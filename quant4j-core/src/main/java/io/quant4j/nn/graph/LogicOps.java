package io.quant4j.nn.graph;

import ai.djl.ndarray.types.DataType;
import io.quant4j.tensor.GraphTensorOps;
import io.quant4j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * Comparisons, Not and Where, with numpy broadcasting. On host integers they give host booleans
 * (so shape subgraphs stay on the host); on dense tensors, boolean tensors. Where's gradient
 * flows to the selected branch only.
 */
final class LogicOps {
    private LogicOps() {}

    static void register(Map<String, GraphOp> t) {
        t.put("Equal", compare(GraphTensorOps::equal, (a, b) -> a == b ? 1 : 0));
        t.put("Less", compare(Tensor::lt, (a, b) -> a < b ? 1 : 0));
        t.put("Greater", compare(Tensor::gt, (a, b) -> a > b ? 1 : 0));
        t.put("LessOrEqual", compare(Tensor::lte, (a, b) -> a <= b ? 1 : 0));
        t.put("GreaterOrEqual", compare(Tensor::gte, (a, b) -> a >= b ? 1 : 0));
        t.put("Not", LogicOps::not);
        t.put("Where", LogicOps::where);
    }

    private static GraphOp compare(BinaryOperator<Tensor> dense, LongBinaryOperator ints) {
        return c -> {
            if (c.input(0) instanceof Value.Ints a && c.input(1) instanceof Value.Ints b) {
                return List.of(Broadcast.apply(a, b, ints, true, c));
            }
            return OpCall.out(dense.apply(c.dense(0), c.dense(1)));
        };
    }

    private static List<Value> not(OpCall c) {
        if (c.input(0) instanceof Value.Ints n) {
            long[] d = n.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = d[i] == 0 ? 1 : 0;
            }
            return List.of(new Value.Ints(d, n.shape(), true));
        }
        return OpCall.out(GraphTensorOps.not(c.dense(0)));
    }

    private static List<Value> where(OpCall c) {
        long[] s = Broadcast.shape(Broadcast.shape(c.input(0).shape(), c.input(1).shape()), c.input(2).shape());
        if (s == null) {
            throw c.error("expected broadcastable shapes, found " + Arrays.toString(c.input(0).shape()) + ", "
                    + Arrays.toString(c.input(1).shape()) + " and " + Arrays.toString(c.input(2).shape()), "Check the shapes.");
        }
        if (c.input(0) instanceof Value.Ints cond && c.input(1) instanceof Value.Ints a && c.input(2) instanceof Value.Ints b) {
            long[] out = new long[Math.toIntExact(HostTensor.count(s))];
            long[] cd = cond.data();
            long[] ad = a.data();
            long[] bd = b.data();
            for (int i = 0; i < out.length; i++) {
                out[i] = cd[Broadcast.index(i, s, cond.shape())] != 0 ? ad[Broadcast.index(i, s, a.shape())]
                        : bd[Broadcast.index(i, s, b.shape())];
            }
            return List.of(new Value.Ints(out, s, a.bool() && b.bool()));
        }
        Tensor cond = c.dense(0);
        if (cond.dataType() != DataType.BOOLEAN) {
            cond = GraphTensorOps.not(GraphTensorOps.not(cond));
        }
        Tensor a = c.dense(1);
        Tensor b = c.dense(2);
        return OpCall.out(Tensor.where(expand(cond, s), expand(a, s), expand(b, s)));
    }

    private static Tensor expand(Tensor t, long[] s) {
        long[] ts = t.shape();
        if (ts.length < s.length) {
            long[] padded = new long[s.length];
            Arrays.fill(padded, 1);
            System.arraycopy(ts, 0, padded, s.length - ts.length, ts.length);
            t = t.reshape(padded);
        }
        return t.broadcastTo(s);
    }
}
