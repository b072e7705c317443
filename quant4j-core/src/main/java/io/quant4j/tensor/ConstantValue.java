package io.quant4j.tensor;

import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor value captured by a {@link Tracer}: a parameter, buffer or constant that an operation
 * read. The bytes are little-endian, row-major.
 *
 * @param name value name (the parameter's dotted name when known)
 * @param dataType element type
 * @param shape dimensions
 * @param data raw little-endian bytes
 */
public record ConstantValue(String name, DataType dataType, long[] shape, byte[] data) {
    public ConstantValue {
        shape = shape.clone();
    }

    /** Captures the current value of a tensor. */
    public static ConstantValue capture(String name, Tensor t) {
        ByteBuffer bb = t.ndArray().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        byte[] bytes = new byte[bb.remaining()];
        bb.get(bytes);
        return new ConstantValue(name, t.ndArray().getDataType(), t.shape(), bytes);
    }

    /** The value as floats (float32 data only). */
    public float[] floats() {
        if (dataType != DataType.FLOAT32) {
            throw new IllegalStateException(name + ": expected FLOAT32, found " + dataType);
        }
        float[] out = new float[data.length / 4];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** Number of elements. */
    public long size() {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    @Override
    public String toString() {
        return name + " " + dataType + Arrays.toString(shape);
    }
}
