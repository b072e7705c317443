package io.quant4j.quantization.calib;

/**
 * The amax methods of a histogram calibrator, by SuperGradients' {@code histogram_calib_method}
 * names ({@code percentile}, {@code entropy}, {@code mse}); see {@link AmaxMethod} for each.
 */
public enum HistogramMethod {
    PERCENTILE, ENTROPY, MSE
}
