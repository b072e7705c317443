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
    private final ImageShape shape;
    private final float[] images;
    private final long[] labels;
    private final int[] indices;

    Batch(int epoch, int index, ImageShape shape, float[] images, long[] labels, int[] indices) {
        this.epoch = epoch;
        this.index = index;
        this.shape = shape;
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
        return labels.length;
    }

    /** Shape of one image. */
    public ImageShape imageShape() {
        return shape;
    }

    /** The transformed images, {@code N x C x H x W} row-major (the batch's own array: do not modify). */
    public float[] imageData() {
        return images;
    }

    /** The labels (the batch's own array: do not modify). */
    public long[] labelData() {
        return labels;
    }

    /** The dataset indices of the examples (the batch's own array: do not modify). */
    public int[] indices() {
        return indices;
    }

    /** The images as an {@code N x C x H x W} float32 tensor in the current scope. */
    public Tensor images() {
        return HostTensors.floats(images, size(), shape.channels(), shape.height(), shape.width());
    }

    /** The labels as an {@code N} int64 tensor in the current scope. */
    public Tensor labels() {
        return HostTensors.longs(labels, size());
    }
}
