package io.quant4j.onnx;

import io.quant4j.errors.Quant4jException;

/**
 * Base of the errors raised while turning a model into an ONNX file: the message names the module
 * path and op type involved, what was expected and found, and how to fix it.
 */
public class OnnxExportException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public OnnxExportException(String problem, String where, String hint, Throwable cause) {
        super(problem, where, hint, cause);
    }
}
