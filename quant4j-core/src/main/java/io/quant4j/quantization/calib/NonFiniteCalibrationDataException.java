package io.quant4j.quantization.calib;

/** A calibration batch holds NaN or infinite values; the calibrator's state is left unchanged. */
public class NonFiniteCalibrationDataException extends CalibrationException {
    private static final long serialVersionUID = 1L;

    public NonFiniteCalibrationDataException(String calibrator, String found) {
        super("expected finite values in a calibration batch, found " + found, calibrator,
                "Check the data and the layers before this quantizer (division by zero, overflow, a"
                        + " diverged model); the batch was not collected.");
    }
}
