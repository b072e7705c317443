package io.quant4j.data;

import io.quant4j.tensor.Tensor;

/**
 * One batch as plain Java arrays, produced by a {@link DataLoader}'s worker. Tensors are made on
 * demand in the caller's current {@link io.quant4j.tensor.Scope}, so they are freed with the step:
 *
 * <pre>{@code
 * Batch b = stream.next();
 * try (Scope step = Scope.open()) {
 *     Tensor x = b.images();   // N x C x H x W float32
 *     Tensor y = b.labels();   // N int64
 *     ...
 * }
 * }</pre>
 */
public final class Batch {
    private final int epoch;
    private final int index;
    private final long[] sampleShape;
    private final float[] images;
    private final long[] labels;
    private final int[] indices;

    Batch(int epoch, int index, long[] sampleShape, float[] images, long[] labels, int[] indices) {
        this.epoch = epoch;
        this.index = index;
        this.sampleShape = sampleShape.clone();
        this.images = images;
        this.labels = labels;
        this.indices = indices;
    }

    /** The epoch this batch belongs to. */
    public int epoch() {
        return epoch;
    }

    /** Position of this batch in its epoch (0-based). */
    public int index() {
        return index;
    }

    /** Number of examples {@code N}. */
    public int size() {
        return indices.length;
    }

    /** Shape of one example, without the batch dimension. */
    public long[] sampleShape() {
        return sampleShape.clone();
    }

    /** The shape of the batch, {@code N} first. */
    public long[] shape() {
        long[] s = new long[sampleShape.length + 1];
        s[0] = size();
        System.arraycopy(sampleShape, 0, s, 1, sampleShape.length);
        return s;
    }

    /** Whether the examples carry labels. */
    public boolean labelled() {
        return labels != null;
    }

    /** The transformed images, {@code N x C x H x W} row-major (the batch's own array: do not modify). */
    public float[] imageData() {
        return images;
    }

    /**
     * The labels (the batch's own array: do not modify).
     *
     * @throws IllegalStateException for an unlabelled batch
     */
    public long[] labelData() {
        if (labels == null) {
            throw new IllegalStateException("the examples carry no labels (an unlabelled source): expected labelled data");
        }
        return labels;
    }

    /** The dataset indices of the examples (the batch's own array: do not modify). */
    public int[] indices() {
        return indices;
    }

    /** The examples as an {@code N x C x H x W} (or {@code N x} sample shape) float32 tensor in the current scope. */
    public Tensor images() {
        return HostTensors.floats(images, shape());
    }

    /** The labels as an {@code N} int64 tensor in the current scope. */
    public Tensor labels() {
        return HostTensors.longs(labelData(), size());
    }
}
