package io.quant4j.quantization.ptq;

import io.quant4j.quantization.calib.AmaxMethod;
import io.quant4j.quantization.calib.HistogramMethod;

/**
 * How to calibrate, with SuperGradients' {@code calib_params} keys (recipes bind to this record
 * directly).
 *
 * @param histogramCalibMethod amax method of histogram calibrators (max calibrators always give the max)
 * @param percentile the percentile of {@link HistogramMethod#PERCENTILE}, in {@code [0, 100]}
 * @param numCalibBatches exactly this many batches are observed; null (the default) observes
 *     batches until at least {@value #DEFAULT_IMAGES} images were seen, i.e. {@code ceil(512 / batch
 *     size)} batches of a uniform loader (the seed's {@code num_calib_batches} left empty)
 * @param verbose SuperGradients' {@code verbose}: once every amax is loaded, the calibrator prints
 *     one line per quantizer, {@code path: TensorQuantizer(... amax=...)}
 *     ({@link CalibrationResult#format()}); progress over the batches is not this flag but the
 *     calibrator's own ({@link QuantizationCalibrator#QuantizationCalibrator(boolean)})
 * @param maxClippedFraction with {@link HistogramMethod#ENTROPY} only: consider only ranges that
 *     clip at most this share of the values; null is pytorch-quantization's unbounded search
 * @param allowUncalibrated leave a quantizer that saw no data dynamic instead of failing
 */
public record CalibrationParams(HistogramMethod histogramCalibMethod, double percentile, Integer numCalibBatches,
                                boolean verbose, Double maxClippedFraction, boolean allowUncalibrated) {
    /** Images observed when no batch count is given. */
    public static final int DEFAULT_IMAGES = 512;

    public CalibrationParams {
        if (histogramCalibMethod == null) {
            throw new IllegalArgumentException("expected histogram_calib_method percentile, entropy or mse, found null;"
                    + " for max calibration of inputs set the input calibrator to max (calibrator_i: max)");
        }
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("expected percentile in [0, 100], found " + percentile);
        }
        if (numCalibBatches != null && numCalibBatches < 1) {
            throw new IllegalArgumentException("expected num_calib_batches >= 1 (or none for " + DEFAULT_IMAGES
                    + " images), found " + numCalibBatches);
        }
        if (maxClippedFraction != null) {
            if (!(maxClippedFraction >= 0 && maxClippedFraction <= 1)) {
                throw new IllegalArgumentException("expected max_clipped_fraction in [0, 1], found " + maxClippedFraction);
            }
            if (histogramCalibMethod != HistogramMethod.ENTROPY) {
                throw new IllegalArgumentException("max_clipped_fraction bounds the entropy method: expected"
                        + " histogram_calib_method entropy, found " + histogramCalibMethod.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
    }

    /** SuperGradients' defaults: percentile 99.99 over {@value #DEFAULT_IMAGES} images, quiet. */
    public static CalibrationParams defaults() {
        return new CalibrationParams(HistogramMethod.PERCENTILE, AmaxMethod.DEFAULT_PERCENTILE, null, false, null, false);
    }

    /** The amax method histogram calibrators use. */
    public AmaxMethod histogramMethod() {
        return switch (histogramCalibMethod) {
            case PERCENTILE -> AmaxMethod.percentile(percentile);
            case ENTROPY -> maxClippedFraction == null ? AmaxMethod.entropy() : AmaxMethod.entropy(maxClippedFraction);
            case MSE -> AmaxMethod.mse();
        };
    }

    /** Whether calibration has observed enough after {@code batches} batches of {@code images} images in all. */
    public boolean enough(int batches, long images) {
        return numCalibBatches != null ? batches >= numCalibBatches : images >= DEFAULT_IMAGES;
    }

    /** What will be observed, for messages: "4 batches" or "512 images". */
    public String budget() {
        return numCalibBatches != null ? numCalibBatches + (numCalibBatches == 1 ? " batch" : " batches") : DEFAULT_IMAGES + " images";
    }

    /**
     * With the histogram method {@code m}.
     *
     * @throws IllegalArgumentException for {@link AmaxMethod.Max} (set the input calibrator to max instead)
     */
    public CalibrationParams withMethod(AmaxMethod m) {
        if (m instanceof AmaxMethod.Percentile p) {
            return new CalibrationParams(HistogramMethod.PERCENTILE, p.percentile(), numCalibBatches, verbose, null, allowUncalibrated);
        }
        if (m instanceof AmaxMethod.Entropy e) {
            return new CalibrationParams(HistogramMethod.ENTROPY, percentile, numCalibBatches, verbose,
                    e.maxClipped() >= 1 ? null : e.maxClipped(), allowUncalibrated);
        }
        if (m instanceof AmaxMethod.Mse) {
            return new CalibrationParams(HistogramMethod.MSE, percentile, numCalibBatches, verbose, null, allowUncalibrated);
        }
        throw new IllegalArgumentException("expected percentile, entropy or mse for histogram calibrators, found " + m
                + "; for max calibration of inputs set the input calibrator to max (calibrator_i: max)");
    }

    /** Exactly {@code n} batches, or null for {@value #DEFAULT_IMAGES} images. */
    public CalibrationParams withBatches(Integer n) {
        return new CalibrationParams(histogramCalibMethod, percentile, n, verbose, maxClippedFraction, allowUncalibrated);
    }

    public CalibrationParams withVerbose(boolean on) {
        return new CalibrationParams(histogramCalibMethod, percentile, numCalibBatches, on, maxClippedFraction, allowUncalibrated);
    }

    public CalibrationParams withAllowUncalibrated(boolean on) {
        return new CalibrationParams(histogramCalibMethod, percentile, numCalibBatches, verbose, maxClippedFraction, on);
    }
}
