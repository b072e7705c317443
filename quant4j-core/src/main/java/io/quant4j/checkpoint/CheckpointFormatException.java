package io.quant4j.checkpoint;

import io.quant4j.errors.Quant4jException;

/** A checkpoint whose metadata cannot rebuild a model; names the file and the key. */
public class CheckpointFormatException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public CheckpointFormatException(String problem, String file, String hint) {
        super(problem, file, hint, null);
    }
}
