package io.quant4j.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.Set;

/**
 * A tensor of any numeric or boolean element type, held as doubles (exact for every value of
 * the float types and for integers up to 2^53), for feeding and reading models whose inputs and
 * outputs are not all float ({@link OrtRunner#runAll}).
 *
 * @param type the ONNX Runtime element type: FLOAT, DOUBLE, FLOAT16 (outputs only), INT8,
 *     UINT8, INT16, INT32, INT64 or BOOL (0 or 1)
 * @param shape the dims
 * @param values row-major, as many as the dims' product
 */
public record OrtTensorValue(OnnxJavaType type, long[] shape, double[] values) {
    private static final Set<OnnxJavaType> FEEDABLE = Set.of(OnnxJavaType.FLOAT, OnnxJavaType.DOUBLE, OnnxJavaType.INT8,
            OnnxJavaType.UINT8, OnnxJavaType.INT16, OnnxJavaType.INT32, OnnxJavaType.INT64, OnnxJavaType.BOOL);

    public OrtTensorValue {
        long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (n != values.length) {
            throw new IllegalArgumentException("dims " + Arrays.toString(shape) + " need " + n + " values, found " + values.length);
        }
    }

    /** Whether {@link OrtRunner#runAll} can feed a tensor of this type. */
    public static boolean feedable(OnnxJavaType type) {
        return FEEDABLE.contains(type);
    }

    /** The ONNX Runtime tensor (the caller closes it). */
    OnnxTensor toOrt(OrtEnvironment env) throws OrtException {
        int n = values.length;
        switch (type) {
            case FLOAT -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) values[i];
                }
                return OnnxTensor.createTensor(env, FloatBuffer.wrap(v), shape);
            }
            case DOUBLE -> {
                return OnnxTensor.createTensor(env, DoubleBuffer.wrap(values.clone()), shape);
            }
            case INT64 -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (long) values[i];
                }
                return OnnxTensor.createTensor(env, LongBuffer.wrap(v), shape);
            }
            case INT32 -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (int) values[i];
                }
                return OnnxTensor.createTensor(env, IntBuffer.wrap(v), shape);
            }
            case INT16 -> {
                short[] v = new short[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (short) values[i];
                }
                return OnnxTensor.createTensor(env, ShortBuffer.wrap(v), shape);
            }
            case INT8, UINT8, BOOL -> {
                ByteBuffer b = ByteBuffer.allocateDirect(n).order(ByteOrder.nativeOrder());
                for (double x : values) {
                    b.put((byte) (long) x);
                }
                b.rewind();
                return OnnxTensor.createTensor(env, b, shape, type);
            }
            default -> throw new IllegalArgumentException("cannot feed a " + type + " tensor; feedable: " + FEEDABLE);
        }
    }

    /** The values of an ONNX Runtime tensor of a supported type. */
    static OrtTensorValue of(OnnxTensor t) {
        OnnxJavaType type = t.getInfo().type;
        long[] shape = t.getInfo().getShape();
        double[] v;
        switch (type) {
            case FLOAT, FLOAT16 -> {
                FloatBuffer b = t.getFloatBuffer();
                v = new double[b.remaining()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = b.get();
                }
            }
            case DOUBLE -> {
                DoubleBuffer b = t.getDoubleBuffer();
                v = new double[b.remaining()];
                b.get(v);
            }
            case INT64 -> {
                LongBuffer b = t.getLongBuffer();
                v = new double[b.remaining()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = b.get();
                }
            }
            case INT32 -> {
                IntBuffer b = t.getIntBuffer();
                v = new double[b.remaining()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = b.get();
                }
            }
            case INT16 -> {
                ShortBuffer b = t.getShortBuffer();
                v = new double[b.remaining()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = b.get();
                }
            }
            case INT8, UINT8, BOOL -> {
                ByteBuffer b = t.getByteBuffer();
                v = new double[b.remaining()];
                for (int i = 0; i < v.length; i++) {
                    byte x = b.get();
                    v[i] = type == OnnxJavaType.INT8 ? x : x & 0xff;
                }
            }
            default -> throw new IllegalArgumentException("cannot read a " + type + " tensor");
        }
        return new OrtTensorValue(type, shape, v);
    }

    @Override
    public String toString() {
        return type + Arrays.toString(shape);
    }
}
