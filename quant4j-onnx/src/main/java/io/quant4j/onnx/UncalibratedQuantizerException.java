package io.quant4j.onnx;

/**
 * A quantizer reached export without a range: its traced {@code QuantizeDequantize} op has no
 * (or an empty) {@code amax}. Calibrate the model (or set a fixed amax) before exporting.
 */
public final class UncalibratedQuantizerException extends OnnxExportException {
    private static final long serialVersionUID = 1L;

    public UncalibratedQuantizerException(String modulePath, String found) {
        super("quantizer has no calibrated amax: expected a non-empty float[] 'amax', found " + found,
                location(modulePath),
                "Calibrate the model (QuantizationCalibrator) or give the quantizer a fixed amax before exporting; "
                        + "a quantizer that should stay float must be disabled.",
                null);
    }

    static String location(String modulePath) {
        return modulePath == null || modulePath.isEmpty() ? "<root>" : modulePath;
    }
}
