package io.quant4j.recipe;

/**
 * {@code quantization_params.calib_params} (SuperGradients' keys).
 *
 * @param histogramCalibMethod {@code percentile}, {@code entropy} or {@code mse} for histogram
 *     calibrators ({@code max} calibrators always give the max)
 * @param percentile percentile for the percentile method
 * @param numCalibBatches calibration batches, or null for enough batches for 512 images
 * @param verbose print every quantizer after calibration
 * @param maxClippedFraction with {@code entropy}: only ranges that clip at most this share of the
 *     values compete; null (the default) is pytorch-quantization's unbounded search
 */
public record CalibRecipe(String histogramCalibMethod, double percentile, Integer numCalibBatches, boolean verbose,
                          Double maxClippedFraction) {
    public CalibRecipe {
        if (!java.util.List.of("percentile", "entropy", "mse").contains(histogramCalibMethod)) {
            throw new IllegalArgumentException("expected histogram_calib_method percentile, entropy or mse, found '"
                    + histogramCalibMethod + "'");
        }
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("expected percentile in [0, 100], found " + percentile);
        }
        if (numCalibBatches != null && numCalibBatches < 1) {
            throw new IllegalArgumentException("expected num_calib_batches >= 1, found " + numCalibBatches);
        }
        if (maxClippedFraction != null) {
            if (!(maxClippedFraction >= 0 && maxClippedFraction <= 1)) {
                throw new IllegalArgumentException("expected max_clipped_fraction in [0, 1], found " + maxClippedFraction);
            }
            if (!"entropy".equals(histogramCalibMethod)) {
                throw new IllegalArgumentException("max_clipped_fraction bounds the entropy method: expected"
                        + " histogram_calib_method entropy, found '" + histogramCalibMethod + "'");
            }
        }
    }

    /** SuperGradients' defaults: percentile 99.99 over 512 images. */
    public static CalibRecipe defaults() {
        return new CalibRecipe("percentile", 99.99, null, false, null);
    }
}
