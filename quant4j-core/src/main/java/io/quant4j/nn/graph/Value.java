package io.quant4j.nn.graph;

import io.quant4j.tensor.Tensor;
import java.util.Arrays;

/**
 * A value flowing along a graph edge: a {@link Dense} float tensor (computed with autograd, on
 * PyTorch), or {@link Ints}, an integer or boolean tensor kept on the host (shapes, indices,
 * axes), so that shape arithmetic never leaves Java and runs at any input size.
 */
public sealed interface Value {
    /** The shape. */
    long[] shape();

    /** A float tensor. */
    record Dense(Tensor tensor) implements Value {
        @Override
        public long[] shape() {
            return tensor.shape();
        }
    }

    /**
     * An integer or boolean tensor on the host, row-major.
     *
     * @param data the values (booleans as 0/1)
     * @param shape the dimensions
     * @param bool whether the values are booleans
     */
    record Ints(long[] data, long[] shape, boolean bool) implements Value {
        public Ints {
            if (HostTensor.count(shape) != data.length) {
                throw new IllegalArgumentException("expected " + HostTensor.count(shape) + " values for shape " + Arrays.toString(shape)
                        + ", found " + data.length);
            }
        }

        /** A 1-D integer tensor. */
        public static Ints vector(long... values) {
            return new Ints(values, new long[] {values.length}, false);
        }

        /** A scalar integer. */
        public static Ints scalar(long value) {
            return new Ints(new long[] {value}, new long[0], false);
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        @Override
        public long[] data() {
            return data.clone();
        }

        /** Element {@code i} (row-major). */
        public long get(int i) {
            return data[i];
        }

        /** Number of elements. */
        public int size() {
            return data.length;
        }

        /** The values as a float tensor (for arithmetic with dense values). */
        public Tensor toTensor() {
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = data[i];
            }
            return Tensor.fromFloats(f, shape);
        }

        @Override
        public String toString() {
            return (bool ? "bool" : "int") + Arrays.toString(shape) + (data.length <= 8 ? "=" + Arrays.toString(data) : "");
        }
    }
}
