package io.quant4j.models;

import io.quant4j.errors.Quant4jException;

/** Pretrained weights that are unavailable, corrupt, or do not fit the model. */
public class PretrainedWeightsException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public PretrainedWeightsException(String problem, String where, String hint, Throwable cause) {
        super(problem, where, hint, cause);
    }
}
