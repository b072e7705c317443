package io.quant4j.quantization.ptq;

import java.util.List;

/**
 * What a calibration pass observed and set.
 *
 * @param batches batches observed
 * @param images images observed
 * @param seconds wall time of the pass and of computing every amax
 * @param quantizers every quantizer after calibration
 * @param uncalibrated quantizers that saw no data and stay dynamic (only with allowUncalibrated)
 */
public record CalibrationResult(int batches, long images, double seconds, List<QuantizerInfo> quantizers,
                                List<String> uncalibrated) {
    public CalibrationResult {
        quantizers = List.copyOf(quantizers);
        uncalibrated = List.copyOf(uncalibrated);
    }

    /** A calibrated quantizer that clips more than this share of the values it saw is reported. */
    public static final double CLIPPING_WARNING_FRACTION = 0.01;

    /**
     * The quantizers whose amax clips more than {@link #CLIPPING_WARNING_FRACTION} of the values
     * they observed, in model order.
     */
    public List<ClippingWarning> clippingWarnings() {
        return quantizers.stream().filter(q -> q.clippedFraction() > CLIPPING_WARNING_FRACTION && q.amax() != null)
                .map(q -> new ClippingWarning(q.path(), q.clippedFraction(), q.amax()[0], q.observedMax(), q.method()))
                .toList();
    }

    /**
     * One line per quantizer, {@code path: description} with the path padded to 40 characters, as
     * SuperGradients prints {@code f"{name:40}: {module}"}; the calibrator prints it when
     * {@link CalibrationParams#verbose()}.
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        quantizers.forEach(q -> sb.append(String.format("%-40s: %s%n", q.path(), q.description())));
        return sb.toString();
    }

    /** Images per second of the whole calibration. */
    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }

    /**
     * One quantizer.
     *
     * @param path dotted module path
     * @param amax its amax values (null when dynamic)
     * @param calibrator {@code Max} or {@code Histogram}
     * @param method how amax was chosen
     * @param description the quantizer's one-line description
     * @param clippedFraction share of the observed values above amax (histogram calibrators; 0
     *     for max calibrators, whose amax is the maximum)
     * @param observedMax the largest {@code |x|} observed (histogram calibrators), else NaN
     */
    public record QuantizerInfo(String path, float[] amax, String calibrator, String method, String description,
                                double clippedFraction, float observedMax) {}
}
