package io.quant4j.recipe;

/**
 * {@code quantization_params.calib_params} (SuperGradients' keys).
 *
 * @param histogramCalibMethod {@code percentile}, {@code entropy} or {@code mse} for histogram
 *     calibrators ({@code max} calibrators always give the max)
 * @param percentile percentile for the percentile method
 * @param numCalibBatches calibration batches, or null for 512 images / batch size
 * @param verbose print every quantizer after calibration
 */
public record CalibRecipe(String histogramCalibMethod, double percentile, Integer numCalibBatches, boolean verbose) {
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
    }

    /** SuperGradients' defaults: percentile 99.99 over 16 batches. */
    public static CalibRecipe defaults() {
        return new CalibRecipe("percentile", 99.99, 16, false);
    }
}
