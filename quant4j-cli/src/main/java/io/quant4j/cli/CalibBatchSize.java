package io.quant4j.cli;

/**
 * The default calibration batch size: 128 images, fewer for large inputs so that one batch's
 * activations (and the histograms' work on them) fit in memory. With
 * {@code n = C x H x W} values per image:
 * <pre>
 *   size = clamp(floor(MAX_VALUES / n), 1, 128)
 * </pre>
 * 128 for Fashion-MNIST (784) and for 3 x 48 x 320 text lines (91 there), 6 for 3 x 480 x 480 pages.
 * The number of calibration images does not depend on it (512 by default, whatever the batch).
 */
final class CalibBatchSize {
    /** The largest default batch. */
    static final int MAX_BATCH = 128;

    /** Input values per default batch: 4 Mi floats (16 MiB of input; a detector's activations are ~100x that). */
    static final long MAX_VALUES = 1L << 22;

    private CalibBatchSize() {}

    /** {@code given} when set, else the default for one sample of {@code shape} ({@code C x H x W}, or with a leading batch). */
    static int of(Integer given, long[] shape) {
        if (given != null) {
            return given;
        }
        long n = 1;
        for (int i = shape.length == 4 ? 1 : 0; i < shape.length; i++) {
            n *= Math.max(1, shape[i]);
        }
        return (int) Math.max(1, Math.min(MAX_BATCH, MAX_VALUES / n));
    }
}
