package io.quant4j.quantization.calib;

import java.util.Arrays;

/**
 * An amax value computed by a calibrator: one value per tensor (shape {@code []}) or one per
 * channel, with the keep-dims shape it broadcasts with (axis 0 of a {@code K x C x R x S} weight:
 * {@code [K, 1, 1, 1]}).
 *
 * @param values the values in row-major order (never empty, all finite and {@code >= 0})
 * @param shape the shape, product equal to {@code values.length}
 */
public record Amax(float[] values, long[] shape) {
    public Amax {
        values = values.clone();
        shape = shape.clone();
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != values.length || values.length == 0) {
            throw new IllegalArgumentException("expected " + n + " values for shape " + Arrays.toString(shape)
                    + ", found " + values.length);
        }
    }

    /** A per-tensor amax (shape {@code []}). */
    public static Amax scalar(float v) {
        return new Amax(new float[] {v}, new long[0]);
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of values. */
    public int size() {
        return values.length;
    }

    /** The i-th value. */
    public float get(int i) {
        return values[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Amax a && Arrays.equals(values, a.values) && Arrays.equals(shape, a.shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return values.length == 1 ? Float.toString(values[0]) : Arrays.toString(values) + Arrays.toString(shape);
    }
}
