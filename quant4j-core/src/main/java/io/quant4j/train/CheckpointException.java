package io.quant4j.train;

import io.quant4j.errors.Quant4jException;

/** A training checkpoint that cannot be written, read or resumed from. */
public class CheckpointException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String problem, String where, String hint, Throwable cause) {
        super(problem, where, hint, cause);
    }
}
