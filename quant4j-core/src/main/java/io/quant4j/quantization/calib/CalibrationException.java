package io.quant4j.quantization.calib;

import io.quant4j.quantization.QuantizationException;

/** Root of the calibrator errors; the message names the calibrator's owner (its quantizer). */
public class CalibrationException extends QuantizationException {
    private static final long serialVersionUID = 1L;

    public CalibrationException(String problem, String where, String hint) {
        super(problem, where, hint, null);
    }
}
