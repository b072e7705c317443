package io.quant4j.onnx.compare;

import io.quant4j.errors.Quant4jException;

/** A CTC character dictionary that cannot be read, or does not fit the recognizer's classes. */
public final class CtcKeysException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public CtcKeysException(String problem, String where, Throwable cause) {
        this(problem, where, "Give a UTF-8 text file with one character per line (PaddleOCR's ppocr_keys_v1.txt format).", cause);
    }

    public CtcKeysException(String problem, String where, String hint) {
        this(problem, where, hint, null);
    }

    private CtcKeysException(String problem, String where, String hint, Throwable cause) {
        super(problem, where, hint, cause);
    }
}
