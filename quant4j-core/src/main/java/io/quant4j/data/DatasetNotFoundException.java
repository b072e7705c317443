package io.quant4j.data;

import io.quant4j.errors.Quant4jException;

/** A dataset found in none of the lookup folders and not downloadable; the message says how to provide it. */
public class DatasetNotFoundException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public DatasetNotFoundException(String problem, String where, String hint, Throwable cause) {
        super(problem, where, hint, cause);
    }
}
