package io.quant4j.quantization.calib;

/** amax was asked of a calibrator that has not collected any batch (or was reset since). */
public class NoCalibrationDataException extends CalibrationException {
    private static final long serialVersionUID = 1L;

    public NoCalibrationDataException(String calibrator) {
        super("expected at least one collected batch before computing amax, found none", calibrator,
                "Run calibration batches through the model with calibration enabled (enableCalib) before"
                        + " loading amax; a quantizer that no data reaches (an unused branch) must be disabled.");
    }
}
