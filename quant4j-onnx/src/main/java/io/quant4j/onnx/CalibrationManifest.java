package io.quant4j.onnx;

/**
 * Provenance of a calibration, written to the ONNX file's {@code metadata_props}
 * ({@code quant4j.calibration.method}, {@code .batches}, {@code .data_digest}).
 *
 * @param method calibration method, e.g. {@code max}, {@code percentile(99.99)}, {@code entropy}
 * @param batches number of batches collected
 * @param dataDigest digest of the calibration data (e.g. SHA-256 of the image bytes), or null
 */
public record CalibrationManifest(String method, int batches, String dataDigest) {
    public CalibrationManifest {
        if (method == null || method.isBlank()) {
            throw new IllegalArgumentException("expected a calibration method name, found '" + method + "'");
        }
        if (batches < 0) {
            throw new IllegalArgumentException("expected batches >= 0, found " + batches);
        }
    }
}
