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
     */
    public record QuantizerInfo(String path, float[] amax, String calibrator, String method, String description) {}
}
