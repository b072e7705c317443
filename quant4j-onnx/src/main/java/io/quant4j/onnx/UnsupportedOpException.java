package io.quant4j.onnx;

/**
 * A traced operation has no ONNX mapping (or one of its attributes cannot be expressed, for
 * example with a dynamic batch dimension). The message names the module path and the op type.
 */
public final class UnsupportedOpException extends OnnxExportException {
    private static final long serialVersionUID = 1L;

    public UnsupportedOpException(String modulePath, String opType, String problem, String hint) {
        super("op '" + opType + "': " + problem, UncalibratedQuantizerException.location(modulePath), hint, null);
    }
}
