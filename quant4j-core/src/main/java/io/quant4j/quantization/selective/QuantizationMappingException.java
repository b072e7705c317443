package io.quant4j.quantization.selective;

import io.quant4j.errors.Quant4jException;

/** A mapping that cannot be applied: a target that cannot be built, a skip naming no module, ... */
public class QuantizationMappingException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public QuantizationMappingException(String problem, String where, String hint) {
        super(problem, where, hint, null);
    }

    public QuantizationMappingException(String problem, String where, String hint, Throwable cause) {
        super(problem, where, hint, cause);
    }
}
