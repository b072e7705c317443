package io.quant4j.quantization;

import io.quant4j.errors.Quant4jException;

/**
 * Root of the errors raised by quantizers, descriptors and calibrators. Each message names the
 * quantizer (its descriptor, and its module path once a forward pass adds it) or the descriptor
 * at fault, says what was expected and what was found, and how to fix it.
 */
public class QuantizationException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public QuantizationException(String problem, String where, String hint, Throwable cause) {
        super(problem, where, hint, cause);
    }

    public QuantizationException(String problem, String hint) {
        super(problem, hint);
    }
}
