package io.quant4j.data.npy;

import io.quant4j.errors.Quant4jException;
import java.nio.file.Path;

/**
 * A file that is not a {@code .npy} file quant4j can read: bad magic, unsupported version,
 * malformed header, unsupported or object dtype, Fortran order, or fewer data bytes than the
 * header promises. The location names the file and the byte offset of the problem.
 */
public class NpyFormatException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /**
     * @param problem what was expected and what was found
     * @param file the file
     * @param offset byte offset in the file where the problem was found
     * @param hint how to fix it
     * @param cause underlying cause, or null
     */
    public NpyFormatException(String problem, Path file, long offset, String hint, Throwable cause) {
        super(problem, file + ", byte offset " + offset, hint, cause);
        this.file = file;
        this.offset = offset;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** Byte offset in the file where the problem was found. */
    public long offset() {
        return offset;
    }
}
