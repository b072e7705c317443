package io.quant4j.data;

import io.quant4j.errors.Quant4jException;

/** A data source that cannot be used: what was expected, what was found, where, and how to fix it. */
public class DataSourceException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public DataSourceException(String problem, String where, String hint) {
        super(problem, where, hint, null);
    }

    public DataSourceException(String problem, String where, String hint, Throwable cause) {
        super(problem, where, hint, cause);
    }
}
