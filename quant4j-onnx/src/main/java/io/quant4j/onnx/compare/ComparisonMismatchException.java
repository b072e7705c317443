package io.quant4j.onnx.compare;

import io.quant4j.errors.Quant4jException;

/**
 * Two ONNX files cannot be compared on the same inputs: their input names or shapes differ, they
 * have different numbers of outputs, an output's shape differs, or the data does not fit them.
 */
public final class ComparisonMismatchException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public ComparisonMismatchException(String problem, String where, String hint) {
        super(problem, where, hint, null);
    }
}
