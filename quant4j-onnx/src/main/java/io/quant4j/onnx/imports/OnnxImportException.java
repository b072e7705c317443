package io.quant4j.onnx.imports;

import io.quant4j.errors.Quant4jException;

/** An ONNX file that cannot be imported: what was expected, what was found, where (file, node, tensor), how to fix it. */
public class OnnxImportException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public OnnxImportException(String problem, String where, String hint) {
        super(problem, where, hint, null);
    }

    public OnnxImportException(String problem, String where, String hint, Throwable cause) {
        super(problem, where, hint, cause);
    }
}
