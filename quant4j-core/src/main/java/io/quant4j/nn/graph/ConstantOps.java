package io.quant4j.nn.graph;

import static io.quant4j.nn.graph.ElementTypes.*;

import ai.djl.ndarray.types.DataType;
import io.quant4j.tensor.GraphTensorOps;
import io.quant4j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Ops that make values or change their element type: Constant, ConstantOfShape, Range, Size,
 * Cast. Element types follow ONNX's {@code TensorProto.DataType} codes; floating
 * types run as float32 (a cast to FLOAT16 or BFLOAT16 rounds to that type's precision), integer
 * types as int64 on the host (a cast to a narrower type wraps as C and numpy do).
 */
final class ConstantOps {
    private ConstantOps() {}


    static void register(Map<String, GraphOp> t) {
        t.put("Constant", ConstantOps::constant);
        t.put("ConstantOfShape", ConstantOps::constantOfShape);
        t.put("Range", ConstantOps::range);
        t.put("Size", c -> List.of(Value.Ints.scalar(HostTensor.count(c.input(0).shape()))));
        t.put("Cast", c -> List.of(cast(c, c.input(0), (int) c.node().attrLong("to", -1))));
    }

    /** The value of a constant tensor: integers on the host, floats as a tensor. */
    static Value of(HostTensor h) {
        return h.isFloat() ? new Value.Dense(Tensor.fromFloats(h.floats(), h.shape())) : new Value.Ints(h.ints(), h.shape(), false);
    }

    private static List<Value> constant(OpCall c) {
        HostTensor v = c.node().attrTensor("value");
        if (v != null) {
            return List.of(of(v));
        }
        Map<String, Object> a = c.node().attributes();
        if (a.get("value_float") instanceof Float f) {
            return List.of(of(HostTensor.ofFloats(new float[] {f})));
        }
        if (a.get("value_floats") instanceof float[] fs) {
            return List.of(of(HostTensor.ofFloats(fs, fs.length)));
        }
        if (a.get("value_int") instanceof Long l) {
            return List.of(Value.Ints.scalar(l));
        }
        if (a.get("value_ints") instanceof long[] ls) {
            return List.of(Value.Ints.vector(ls));
        }
        throw c.error("expected a numeric value attribute (value, value_float(s), value_int(s)), found " + a.keySet(),
                "String and sparse constants are not supported; give the Constant a numeric tensor.");
    }

    private static List<Value> constantOfShape(OpCall c) {
        long[] shape = c.longs(0);
        int n = Math.toIntExact(HostTensor.count(shape));
        HostTensor v = c.node().attrTensor("value");
        if (v == null || v.isFloat()) {
            float[] f = new float[n];
            Arrays.fill(f, v == null ? 0f : v.floats()[0]);
            return OpCall.out(Tensor.fromFloats(f, shape));
        }
        long[] d = new long[n];
        Arrays.fill(d, v.ints()[0]);
        return List.of(new Value.Ints(d, shape, false));
    }

    /** Range: {@code start + i * delta} for {@code i < max(ceil((limit - start) / delta), 0)}. */
    private static List<Value> range(OpCall c) {
        if (c.input(0) instanceof Value.Ints s && c.input(1) instanceof Value.Ints l && c.input(2) instanceof Value.Ints d) {
            long start = s.get(0);
            long delta = d.get(0);
            if (delta == 0) {
                throw c.error("expected a nonzero delta, found 0", "Give a nonzero step.");
            }
            int n = (int) Math.max(Math.ceil((double) (l.get(0) - start) / delta), 0);
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = start + i * delta;
            }
            return List.of(Value.Ints.vector(out));
        }
        float start = ElementwiseOps.scalar(c, 0);
        float limit = ElementwiseOps.scalar(c, 1);
        float delta = ElementwiseOps.scalar(c, 2);
        int n = (int) Math.max(Math.ceil((limit - start) / delta), 0);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = start + i * delta;
        }
        return OpCall.out(Tensor.fromFloats(out, n));
    }

    /** Whether an ONNX element type is floating point. */
    static boolean isFloatType(long type) {
        return type == FLOAT || type == FLOAT16 || type == DOUBLE || type == BFLOAT16;
    }

    private static Value cast(OpCall c, Value v, int to) {
        if (isFloatType(to)) {
            Tensor t = v instanceof Value.Ints n ? n.toTensor() : ((Value.Dense) v).tensor();
            if (t.dataType() != DataType.FLOAT32 && t.dataType() != DataType.FLOAT64) {
                t = t.toType(DataType.FLOAT32);
            }
            if (to == FLOAT16) {
                DataType original = t.dataType();
                t = t.toType(DataType.FLOAT16).toType(original);
            } else if (to == BFLOAT16) {
                t = t.add(GraphTensorOps.constantLike(bfloat16Delta(t.toFloatArray()), t.shape(), t));
            }
            return new Value.Dense(t);
        }
        if (!(to == BOOL || to == INT64 || to == INT32 || to == INT16 || to == INT8 || to == UINT64 || to == UINT32 || to == UINT16
                || to == UINT8)) {
            throw c.error("expected a numeric target type (float, float16, bfloat16, double, int8..int64, uint8..uint64, bool), found"
                    + " data type " + to, "String, complex, float8 and 4-bit casts are not supported.");
        }
        long[] d;
        if (v instanceof Value.Ints n) {
            d = n.data();
        } else {
            float[] f = ((Value.Dense) v).tensor().toFloatArray();
            d = new long[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = to == BOOL ? (f[i] != 0 ? 1 : 0) : (long) f[i];
            }
        }
        for (int i = 0; i < d.length; i++) {
            d[i] = narrow(d[i], to);
        }
        return new Value.Ints(d, v.shape(), to == BOOL);
    }

    /**
     * What rounding to bfloat16 (the upper 16 bits of a float32, rounded to nearest even, as
     * PyTorch and ONNX Runtime do) adds to each value: 0 for infinities and NaN. DJL does not bind
     * the bfloat16 cast, so the cast adds this constant and its gradient passes straight through,
     * as a cast's does.
     */
    private static float[] bfloat16Delta(float[] f) {
        float[] out = new float[f.length];
        for (int i = 0; i < f.length; i++) {
            if (Float.isNaN(f[i]) || Float.isInfinite(f[i])) {
                continue;
            }
            int bits = Float.floatToRawIntBits(f[i]);
            int rounded = (bits + 0x7fff + ((bits >>> 16) & 1)) & 0xffff0000;
            out[i] = Float.intBitsToFloat(rounded) - f[i];
        }
        return out;
    }

    /** An int64 as the integer type {@code to} would hold it (two's complement wrap-around). */
    private static long narrow(long x, int to) {
        return switch (to) {
            case BOOL -> x != 0 ? 1 : 0;
            case INT8 -> (byte) x;
            case UINT8 -> x & 0xff;
            case INT16 -> (short) x;
            case UINT16 -> x & 0xffff;
            case INT32 -> (int) x;
            case UINT32 -> x & 0xffffffffL;
            default -> x;
        };
    }
}
