package io.quant4j.cli;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What a PTQ run's calibration did, as reported in {@code --json}, {@code summary.json}, the
 * checkpoint's metadata and the ONNX file's calibration manifest.
 *
 * @param method the histogram amax method ({@code percentile(99.99)}, {@code entropy}, ...)
 * @param batches batches observed
 * @param images images observed
 * @param seconds wall time of the pass and of computing every amax
 * @param imagesPerSecond images per second
 * @param quantizers quantizers calibrated
 * @param dataDigest SHA-256 of the calibration data as the model saw it, or null when not recorded
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CalibrationSummary(String method, int batches, long images, double seconds, double imagesPerSecond, int quantizers,
                                 String dataDigest) {
    /** The same without the data digest. */
    public CalibrationSummary withoutDigest() {
        return new CalibrationSummary(method, batches, images, seconds, imagesPerSecond, quantizers, null);
    }
}
