package io.quant4j.data;

import io.quant4j.errors.Quant4jException;

/** A downloaded file whose checksum is not the published one; nothing was kept. */
public class DatasetChecksumException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public DatasetChecksumException(String problem, String where, String hint) {
        super(problem, where, hint, null);
    }
}
