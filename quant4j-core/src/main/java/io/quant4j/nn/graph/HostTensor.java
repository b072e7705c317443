package io.quant4j.nn.graph;

import java.util.Arrays;

/**
 * A constant tensor held in Java arrays: an attribute value or an initializer before it becomes a
 * {@link Value}. Floating-point data (any ONNX float type) is kept as float32 {@code floats};
 * integer and boolean data as int64 {@code ints}.
 *
 * @param shape dimensions ({@code []} for a scalar)
 * @param floats float values, row-major, or null for integer data
 * @param ints integer values, row-major, or null for float data
 */
public record HostTensor(long[] shape, float[] floats, long[] ints) {
    public HostTensor {
        if ((floats == null) == (ints == null)) {
            throw new IllegalArgumentException("expected either float or integer data, found " + (floats == null ? "neither" : "both"));
        }
        long n = count(shape);
        long have = floats != null ? floats.length : ints.length;
        if (n != have) {
            throw new IllegalArgumentException("expected " + n + " values for shape " + Arrays.toString(shape) + ", found " + have);
        }
        shape = shape.clone();
    }

    /** A float tensor. */
    public static HostTensor ofFloats(float[] values, long... shape) {
        return new HostTensor(shape, values, null);
    }

    /** An integer tensor. */
    public static HostTensor ofInts(long[] values, long... shape) {
        return new HostTensor(shape, null, values);
    }

    /** Whether the data is floating point. */
    public boolean isFloat() {
        return floats != null;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements of a shape. */
    public static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("expected non-negative dimensions, found " + Arrays.toString(shape));
            }
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return (isFloat() ? "float" : "int") + Arrays.toString(shape);
    }
}
