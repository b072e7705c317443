package io.quant4j.data.image;

import io.quant4j.errors.Quant4jException;

/**
 * An image file that cannot be read or decoded: missing, truncated, corrupt, in a format or a
 * pixel layout this decoder does not handle. The location is the file (or the name the caller gave
 * to the bytes), the hint says what to do.
 */
public class ImageDecodeException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    /**
     * @param problem what went wrong, with what was expected and what was found
     * @param source the file or the caller's name for the bytes
     * @param hint how to fix it
     * @param cause the underlying exception, or null
     */
    public ImageDecodeException(String problem, String source, String hint, Throwable cause) {
        super(problem, source, hint, cause);
    }
}
