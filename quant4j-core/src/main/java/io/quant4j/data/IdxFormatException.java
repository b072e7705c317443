package io.quant4j.data;

import io.quant4j.errors.Quant4jException;
import java.nio.file.Path;

/**
 * An IDX file (MNIST format) that is truncated, corrupt or not what was expected. The location
 * names the file and the byte offset in its (decompressed) content.
 */
public class IdxFormatException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public IdxFormatException(String problem, Path file, long offset, String hint, Throwable cause) {
        super(problem, file + ", byte offset " + offset, hint, cause);
        this.file = file;
        this.offset = offset;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** Byte offset (in the decompressed content for gzip files) where the problem was found. */
    public long offset() {
        return offset;
    }
}
