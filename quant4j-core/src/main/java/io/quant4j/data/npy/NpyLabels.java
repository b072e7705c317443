package io.quant4j.data.npy;

import java.util.Arrays;

/**
 * Labels files: a {@code .npy} of class indices, one per sample of a data file, integer or bool
 * type, shape {@code (N,)} or {@code (N, 1)}.
 *
 * <pre>{@code
 * try (NpyFile x = NpyFile.open(inputs); NpyFile y = NpyFile.open(labels)) {
 *     NpyLabels.check(x, y);                 // same N, integer type
 *     int[] classes = NpyLabels.read(y, 10); // every label in 0..9
 * }
 * }</pre>
 */
public final class NpyLabels {
    private NpyLabels() {}

    /**
     * Checks that {@code labels} is a labels file with one label per sample of {@code data}.
     *
     * @throws NpyMismatchException naming the labels file and, in the message, the data file
     */
    public static void check(NpyFile data, NpyFile labels) {
        requireLabelsFile(labels);
        if (labels.count() != data.count()) {
            throw new NpyMismatchException("labels count mismatch: expected " + data.count() + " labels, one per sample of "
                    + data.file() + " (shape " + Arrays.toString(data.shape()) + "), found " + labels.count()
                    + " (shape " + Arrays.toString(labels.shape()) + ")", labels.file(), -1,
                    "Save the labels of exactly the samples of the data file, in the same order.");
        }
    }

    /** Every label of {@code labels}, each checked to be a class index {@code >= 0}. */
    public static int[] read(NpyFile labels) {
        return read(labels, -1);
    }

    /**
     * Every label of {@code labels}, each checked to be in {@code 0..numClasses-1}.
     *
     * @param numClasses number of classes, or a negative value for no upper bound
     * @throws NpyMismatchException at the first label out of range, naming the sample and byte offset
     */
    public static int[] read(NpyFile labels, int numClasses) {
        requireLabelsFile(labels);
        long[] values = labels.readLongs();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = checked(labels, i, values[i], numClasses);
        }
        return out;
    }

    /** Checks that {@code file} holds one integer per sample. */
    static void requireLabelsFile(NpyFile file) {
        file.requireInteger("labels");
        long[] shape = file.shape();
        if (shape.length == 0 || shape.length > 2 || (shape.length == 2 && shape[1] != 1)) {
            throw new NpyMismatchException("expected labels of shape (N,) or (N, 1), one class index per sample, found "
                    + Arrays.toString(shape), file.file(), -1,
                    "Save one class index per sample: np.save(path, y.reshape(-1).astype(np.int64)).");
        }
    }

    /** {@code value} (the label of sample {@code index}) as a class index below {@code numClasses} (if >= 0). */
    static int checked(NpyFile file, long index, long value, int numClasses) {
        boolean tooHigh = numClasses >= 0 ? value >= numClasses : value > Integer.MAX_VALUE;
        if (value < 0 || tooHigh) {
            String range = numClasses >= 0 ? "in 0.." + (numClasses - 1) : ">= 0";
            throw new NpyMismatchException("bad label: expected a class index " + range + ", found " + value
                    + " for sample " + index, file.file(), file.offsetOf(index),
                    "Labels are class indices 0..classes-1; fix the labels array (e.g. drop or remap -1 entries).");
        }
        return (int) value;
    }
}
