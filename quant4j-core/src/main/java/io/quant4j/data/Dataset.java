package io.quant4j.data;

/**
 * A labelled image classification dataset of 8-bit images, random access by index.
 *
 * <p>Images are {@code C x H x W} unsigned bytes (0..255), row-major; labels are class indices
 * {@code 0..numClasses()-1}. Implementations are immutable and safe to read from several threads
 * (the {@link DataLoader} reads on a worker thread).
 *
 * <pre>{@code
 * Dataset train = Datasets.fashionMnist(Split.TRAIN);   // 60000 x 1x28x28
 * Dataset small = train.slice(0, 512);                  // first 512, for tests
 * }</pre>
 */
public interface Dataset {
    /** A short name for messages and reports ({@code fashion-mnist/train}, ...). */
    String name();

    /** Number of examples. */
    int size();

    /** The shape of every image. */
    ImageShape imageShape();

    /** Number of classes (labels are {@code 0..numClasses()-1}). */
    int numClasses();

    /** The label of example {@code index}. */
    int label(int index);

    /** Copies the {@code C*H*W} pixel bytes of example {@code index} into {@code dst} at {@code offset}. */
    void copyPixels(int index, byte[] dst, int offset);

    /** The pixel bytes of one example (a copy). */
    default byte[] pixels(int index) {
        byte[] out = new byte[imageShape().size()];
        copyPixels(index, out, 0);
        return out;
    }

    /** Examples {@code from..to-1} as a view (no copy). */
    default Dataset slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("expected 0 <= from <= to <= " + size() + ", found slice(" + from + ", " + to + ") of " + name());
        }
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return new SubsetDataset(this, idx, name() + "[" + from + ":" + to + "]");
    }

    /** The examples at the given indices, in that order, as a view (no copy). */
    default Dataset subset(int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= size()) {
                throw new IndexOutOfBoundsException("expected indices in 0.." + (size() - 1) + ", found " + i + " in subset of " + name());
            }
        }
        return new SubsetDataset(this, indices.clone(), name() + "[subset of " + indices.length + "]");
    }
}
