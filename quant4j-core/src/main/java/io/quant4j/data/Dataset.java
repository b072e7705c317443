package io.quant4j.data;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A dataset: random access to examples, each read as floats of one fixed {@link #sampleShape()},
 * and (when {@link #labelled()}) a class label. One interface for every source: IDX files,
 * folders of images (one subfolder per class, or unlabelled), preprocessed {@code .npy} arrays.
 *
 * <p>Images are read as torchvision's {@code ToTensor} gives them: {@code C x H x W} row-major in
 * {@code [0, 1]} (8-bit value / 255), after the dataset's own decoding and spatial preprocessing
 * (resize, crop); per-channel transforms such as {@link Normalize} are the loader's. Preprocessed
 * arrays are read as stored. Random spatial steps (random crops) draw from the generator the loader
 * passes, seeded per example, so epochs repeat exactly. Implementations are safe to read from
 * several threads.
 *
 * <pre>{@code
 * Dataset train = Datasets.fashionMnist(Split.TRAIN);   // 60000 x 1x28x28
 * Dataset small = train.slice(0, 512);                  // first 512, for tests
 * }</pre>
 */
public interface Dataset {
    /** A short name for messages and reports ({@code fashion-mnist/train}, a folder, a file). */
    String name();

    /** Number of examples. */
    int size();

    /** The shape of one example without the batch dimension ({@code C x H x W} for images). */
    long[] sampleShape();

    /** Values of one example. */
    default int sampleSize() {
        long n = 1;
        for (long d : sampleShape()) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    /**
     * The sample shape as an image.
     *
     * @throws IllegalStateException when the examples are not {@code C x H x W}
     */
    default ImageShape imageShape() {
        long[] s = sampleShape();
        if (s.length != 3) {
            throw new IllegalStateException(name() + " holds examples of shape " + java.util.Arrays.toString(s)
                    + ", not images (C x H x W)");
        }
        return new ImageShape((int) s[0], (int) s[1], (int) s[2]);
    }

    /** Whether examples carry labels (an unlabelled folder serves calibration only). */
    default boolean labelled() {
        return true;
    }

    /** Number of classes (labels are {@code 0..numClasses()-1}); 0 without labels. */
    int numClasses();

    /** The class names by label, when the source has them (folder names), else empty. */
    default List<String> classNames() {
        return List.of();
    }

    /**
     * The label of example {@code index}.
     *
     * @throws IllegalStateException for an unlabelled dataset
     */
    int label(int index);

    /**
     * Reads example {@code index} into {@code dst} at {@code offset} ({@link #sampleSize()} floats).
     *
     * @param rng the example's generator, for random spatial preprocessing
     */
    void read(int index, float[] dst, int offset, RandomGenerator rng);

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
