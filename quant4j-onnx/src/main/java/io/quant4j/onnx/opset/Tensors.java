package io.quant4j.onnx.opset;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.quant4j.io.Float16;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Small constant tensors for the inputs that replace attributes (int64 index lists, scalars of
 * a value's element type) and reading the values of constant tensors (initializers and
 * {@code Constant} nodes) held in the model itself, little-endian {@code raw_data} or typed fields.
 */
final class Tensors {
    private Tensors() {}

    /** A 1-D int64 tensor. */
    static TensorProto int64s(String name, long... v) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DataType.INT64_VALUE).addDims(v.length);
        for (long x : v) {
            t.addInt64Data(x);
        }
        return t.build();
    }

    /** A float tensor of the given dims. */
    static TensorProto floats(String name, float[] v, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT_VALUE);
        for (long d : dims) {
            t.addDims(d);
        }
        for (float x : v) {
            t.addFloatData(x);
        }
        return t.build();
    }

    /**
     * A scalar (0-D) of a float element type: FLOAT, DOUBLE or FLOAT16 (the ones Clip and Pad
     * accepted before opset 11).
     *
     * @throws IllegalArgumentException for any other type
     */
    static TensorProto scalar(String name, int type, double v) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type);
        switch (DataType.forNumber(type)) {
            case FLOAT -> t.addFloatData((float) v);
            case DOUBLE -> t.addDoubleData(v);
            case FLOAT16 -> t.addInt32Data(halfBits((float) v));
            default -> throw new IllegalArgumentException("no scalar of type " + DataType.forNumber(type));
        }
        return t.build();
    }

    /** Whether {@link #scalar} can write this element type. */
    static boolean scalarType(int type) {
        return type == DataType.FLOAT_VALUE || type == DataType.DOUBLE_VALUE || type == DataType.FLOAT16_VALUE;
    }

    /**
     * IEEE binary16 bits of a float, rounded to nearest even; overflow gives infinity (Clip's
     * default bounds, +-FLT_MAX, become +-infinity, which clip a half tensor the same way).
     */
    static int halfBits(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        if (Float.isNaN(f)) {
            return sign | 0x7e00;
        }
        float a = Math.abs(f);
        if (a >= 65520f) {
            return sign | 0x7c00;
        }
        if (a < 0x1p-14f) {
            // subnormal half: a multiple of 2^-24 (a * 2^24 is exact), rounded half to even
            int m = (int) Math.rint(a * 0x1p24);
            return sign | m;
        }
        int e = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = bits & 0x7fffff;
        int half = (e << 10) | (mant >>> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || rest == 0x1000 && (half & 1) == 1) {
            half++;
        }
        return sign | half;
    }

    /** Whether the tensor's values are in the model (not in an external file). */
    static boolean inline(TensorProto t) {
        return t.getDataLocation() != TensorProto.DataLocation.EXTERNAL;
    }

    /**
     * The values of a numeric tensor as doubles (FLOAT, DOUBLE, FLOAT16, the integer types and
     * BOOL), or null when the type is another or the data is external.
     */
    static double[] doubles(TensorProto t) {
        if (!inline(t)) {
            return null;
        }
        DataType type = DataType.forNumber(t.getDataType());
        if (type == null) {
            return null;
        }
        boolean raw = !t.getRawData().isEmpty();
        ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case FLOAT -> {
                int n = raw ? b.remaining() / 4 : t.getFloatDataCount();
                double[] v = new double[n];
                for (int k = 0; k < n; k++) {
                    v[k] = raw ? b.getFloat() : t.getFloatData(k);
                }
                return v;
            }
            case DOUBLE -> {
                int n = raw ? b.remaining() / 8 : t.getDoubleDataCount();
                double[] v = new double[n];
                for (int k = 0; k < n; k++) {
                    v[k] = raw ? b.getDouble() : t.getDoubleData(k);
                }
                return v;
            }
            case FLOAT16 -> {
                int n = raw ? b.remaining() / 2 : t.getInt32DataCount();
                double[] v = new double[n];
                for (int k = 0; k < n; k++) {
                    v[k] = Float16.toFloat(raw ? b.getShort() : (short) t.getInt32Data(k));
                }
                return v;
            }
            case INT64, INT32, INT16, INT8, UINT8, UINT16, UINT32, BOOL -> {
                long[] l = longs(t);
                double[] v = new double[l.length];
                for (int k = 0; k < l.length; k++) {
                    v[k] = l[k];
                }
                return v;
            }
            default -> {
                return null;
            }
        }
    }

    /** The values of an integer or BOOL tensor, or null for other types or external data. */
    static long[] longs(TensorProto t) {
        if (!inline(t)) {
            return null;
        }
        DataType type = DataType.forNumber(t.getDataType());
        boolean raw = !t.getRawData().isEmpty();
        ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (type == DataType.INT64) {
            int n = raw ? b.remaining() / 8 : t.getInt64DataCount();
            long[] v = new long[n];
            for (int k = 0; k < n; k++) {
                v[k] = raw ? b.getLong() : t.getInt64Data(k);
            }
            return v;
        }
        if (type == DataType.UINT32) {
            int n = raw ? b.remaining() / 4 : t.getUint64DataCount();
            long[] v = new long[n];
            for (int k = 0; k < n; k++) {
                v[k] = raw ? b.getInt() & 0xffffffffL : t.getUint64Data(k);
            }
            return v;
        }
        int size;
        boolean unsigned;
        switch (type == null ? DataType.UNDEFINED : type) {
            case INT32 -> { size = 4; unsigned = false; }
            case INT16 -> { size = 2; unsigned = false; }
            case UINT16 -> { size = 2; unsigned = true; }
            case INT8 -> { size = 1; unsigned = false; }
            case UINT8, BOOL -> { size = 1; unsigned = true; }
            default -> {
                return null;
            }
        }
        int n = raw ? b.remaining() / size : t.getInt32DataCount();
        long[] v = new long[n];
        for (int k = 0; k < n; k++) {
            if (!raw) {
                v[k] = t.getInt32Data(k);
            } else if (size == 4) {
                v[k] = b.getInt();
            } else if (size == 2) {
                v[k] = unsigned ? b.getShort() & 0xffff : b.getShort();
            } else {
                v[k] = unsigned ? b.get() & 0xff : b.get();
            }
        }
        return v;
    }
}
