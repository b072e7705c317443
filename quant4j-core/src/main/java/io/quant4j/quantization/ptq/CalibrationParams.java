package io.quant4j.quantization.ptq;

import io.quant4j.quantization.calib.AmaxMethod;

/**
 * How to calibrate (SuperGradients' {@code calib_params}).
 *
 * @param histogramMethod amax method of histogram calibrators: percentile, entropy or mse (max
 *     calibrators always give the max)
 * @param numBatches exactly this many batches are observed; null (the default) observes batches
 *     until at least {@value #DEFAULT_IMAGES} images were seen, i.e. {@code ceil(512 / batch size)}
 *     batches of a uniform loader (the seed's {@code num_calib_batches} left empty)
 * @param verbose print each quantizer after calibration
 * @param allowUncalibrated leave a quantizer that saw no data dynamic instead of failing
 */
public record CalibrationParams(AmaxMethod histogramMethod, Integer numBatches, boolean verbose, boolean allowUncalibrated) {
    /** Images observed when no batch count is given. */
    public static final int DEFAULT_IMAGES = 512;

    public CalibrationParams {
        if (histogramMethod == null) {
            throw new IllegalArgumentException("expected a histogram method (percentile, entropy, mse), found null");
        }
        if (histogramMethod instanceof AmaxMethod.Max) {
            throw new IllegalArgumentException("expected percentile, entropy or mse for histogram calibrators, found max;"
                    + " for max calibration of inputs set the input calibrator to max (calibrator_i: max)");
        }
        if (numBatches != null && numBatches < 1) {
            throw new IllegalArgumentException("expected num_calib_batches >= 1 (or none for " + DEFAULT_IMAGES
                    + " images), found " + numBatches);
        }
    }

    /** SuperGradients' defaults: percentile 99.99 over {@value #DEFAULT_IMAGES} images, quiet. */
    public static CalibrationParams defaults() {
        return new CalibrationParams(AmaxMethod.percentile(), null, false, false);
    }

    /** Whether calibration has observed enough after {@code batches} batches of {@code images} images in all. */
    public boolean enough(int batches, long images) {
        return numBatches != null ? batches >= numBatches : images >= DEFAULT_IMAGES;
    }

    /** What will be observed, for messages: "4 batches" or "512 images". */
    public String budget() {
        return numBatches != null ? numBatches + (numBatches == 1 ? " batch" : " batches") : DEFAULT_IMAGES + " images";
    }

    public CalibrationParams withMethod(AmaxMethod m) {
        return new CalibrationParams(m, numBatches, verbose, allowUncalibrated);
    }

    /** Exactly {@code n} batches, or null for {@value #DEFAULT_IMAGES} images. */
    public CalibrationParams withBatches(Integer n) {
        return new CalibrationParams(histogramMethod, n, verbose, allowUncalibrated);
    }

    public CalibrationParams withVerbose(boolean on) {
        return new CalibrationParams(histogramMethod, numBatches, on, allowUncalibrated);
    }

    public CalibrationParams withAllowUncalibrated(boolean on) {
        return new CalibrationParams(histogramMethod, numBatches, verbose, on);
    }
}
