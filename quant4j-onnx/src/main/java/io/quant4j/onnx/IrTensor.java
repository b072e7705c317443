package io.quant4j.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A constant of the export graph: ONNX element type, dimensions and little-endian raw bytes.
 *
 * @param type ONNX element type
 * @param dims dimensions (empty for a scalar)
 * @param raw little-endian row-major data
 */
public record IrTensor(DataType type, long[] dims, byte[] raw) {
    public IrTensor {
        dims = dims.clone();
        long n = elements(dims);
        if (n * bytesPer(type) != raw.length) {
            throw new IllegalArgumentException("tensor of " + type + Arrays.toString(dims) + " needs "
                    + n * bytesPer(type) + " bytes, found " + raw.length);
        }
    }

    static long elements(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /** Bytes per element of the fixed-size types quant4j writes. */
    static int bytesPer(DataType t) {
        return switch (t) {
            case FLOAT, INT32, UINT32 -> 4;
            case INT64, UINT64, DOUBLE -> 8;
            case INT8, UINT8, BOOL -> 1;
            case INT16, UINT16, FLOAT16, BFLOAT16 -> 2;
            default -> throw new IllegalArgumentException("unsupported constant element type " + t);
        };
    }

    public static IrTensor ofFloats(long[] dims, float[] v) {
        ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(v);
        return new IrTensor(DataType.FLOAT, dims, bb.array());
    }

    public static IrTensor ofLongs(long[] dims, long[] v) {
        ByteBuffer bb = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        bb.asLongBuffer().put(v);
        return new IrTensor(DataType.INT64, dims, bb.array());
    }

    public static IrTensor ofInts(long[] dims, int[] v) {
        ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asIntBuffer().put(v);
        return new IrTensor(DataType.INT32, dims, bb.array());
    }

    public static IrTensor ofBytes(DataType type, long[] dims, byte[] v) {
        return new IrTensor(type, dims, v.clone());
    }

    /** The values of a FLOAT tensor. */
    float[] floats() {
        if (type != DataType.FLOAT) {
            throw new IllegalStateException("expected a FLOAT constant, found " + type);
        }
        float[] out = new float[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** The values of an INT64 tensor. */
    long[] longs() {
        if (type != DataType.INT64) {
            throw new IllegalStateException("expected an INT64 constant, found " + type);
        }
        long[] out = new long[raw.length / 8];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return out;
    }

    ByteString bytes() {
        return ByteString.copyFrom(raw);
    }

    /** The constant as an ONNX initializer named {@code name}. */
    public TensorProto toProto(String name) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(type.getNumber()).setRawData(bytes());
        for (long d : dims) {
            b.addDims(d);
        }
        return b.build();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }
}
