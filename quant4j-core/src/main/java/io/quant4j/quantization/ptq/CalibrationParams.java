package io.quant4j.quantization.ptq;

import io.quant4j.quantization.calib.AmaxMethod;

/**
 * How to calibrate (SuperGradients' {@code calib_params}).
 *
 * @param histogramMethod amax method of histogram calibrators: percentile, entropy or mse (max
 *     calibrators always give the max)
 * @param numBatches exactly this many batches are observed
 * @param verbose print each quantizer after calibration
 * @param allowUncalibrated leave a quantizer that saw no data dynamic instead of failing
 */
public record CalibrationParams(AmaxMethod histogramMethod, int numBatches, boolean verbose, boolean allowUncalibrated) {
    public CalibrationParams {
        if (histogramMethod == null) {
            throw new IllegalArgumentException("expected a histogram method (percentile, entropy, mse), found null");
        }
        if (histogramMethod instanceof AmaxMethod.Max) {
            throw new IllegalArgumentException("expected percentile, entropy or mse for histogram calibrators, found max;"
                    + " for max calibration of inputs set the input calibrator to max (calibrator_i: max)");
        }
        if (numBatches < 1) {
            throw new IllegalArgumentException("expected num_calib_batches >= 1, found " + numBatches);
        }
    }

    /** SuperGradients' defaults: percentile 99.99 over 16 batches, quiet. */
    public static CalibrationParams defaults() {
        return new CalibrationParams(AmaxMethod.percentile(), 16, false, false);
    }

    public CalibrationParams withMethod(AmaxMethod m) {
        return new CalibrationParams(m, numBatches, verbose, allowUncalibrated);
    }

    public CalibrationParams withBatches(int n) {
        return new CalibrationParams(histogramMethod, n, verbose, allowUncalibrated);
    }

    public CalibrationParams withVerbose(boolean on) {
        return new CalibrationParams(histogramMethod, numBatches, on, allowUncalibrated);
    }

    public CalibrationParams withAllowUncalibrated(boolean on) {
        return new CalibrationParams(histogramMethod, numBatches, verbose, on);
    }
}
