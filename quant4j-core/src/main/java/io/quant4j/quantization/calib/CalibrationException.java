package io.quant4j.quantization.calib;

import io.quant4j.quantization.QuantizationException;

/** Root of the calibrator errors; the message names the calibrator's owner (its quantizer). */
public class CalibrationException extends QuantizationException {
    private static final long serialVersionUID = 1L;

    /**
     * @param problem what went wrong (expected, found)
     * @param owner the calibrator's owner (its quantizer), prefixed to the problem, or null
     * @param hint how to fix it
     */
    public CalibrationException(String problem, String owner, String hint) {
        super(owner == null ? problem : owner + ": " + problem, null, hint, null);
    }
}
