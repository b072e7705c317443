package io.quant4j.onnx;

import java.util.Arrays;

/**
 * A batch of model inputs for ONNX Runtime and the Java forward: row-major floats of shape
 * {@code N x C x H x W} (any rank, batch first) and, for accuracy, one label per sample.
 *
 * @param data the inputs, already normalized as the model expects
 * @param shape batch-first shape; the product equals {@code data.length}
 * @param labels class of each sample, or null when not needed (verification, benchmarks)
 */
public record ImageBatch(float[] data, long[] shape, int[] labels) {
    public ImageBatch {
        if (data == null || shape == null || shape.length == 0) {
            throw new IllegalArgumentException("expected data and a batch-first shape, found " + Arrays.toString(shape));
        }
        if (IrTensor.elements(shape) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + IrTensor.elements(shape)
                    + " values, found " + data.length);
        }
        if (labels != null && labels.length != shape[0]) {
            throw new IllegalArgumentException("expected " + shape[0] + " labels, found " + labels.length);
        }
        shape = shape.clone();
    }

    /** Unlabelled inputs. */
    public static ImageBatch of(float[] data, long... shape) {
        return new ImageBatch(data, shape, null);
    }

    /** Seeded standard-normal inputs (verification and benchmarks when no data is at hand). */
    public static ImageBatch random(long seed, long... shape) {
        java.util.Random r = new java.util.Random(seed);
        float[] d = new float[(int) IrTensor.elements(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return new ImageBatch(d, shape, null);
    }

    /** Number of samples. */
    public int size() {
        return (int) shape[0];
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }
}
