package io.quant4j.data.npy;

import io.quant4j.errors.Quant4jException;
import java.nio.file.Path;

/**
 * A valid {@code .npy} file that does not fit its use: samples of another shape than the model
 * input, a labels file with another count than the data file or a non-integer type, a negative or
 * out-of-range label, a read that the file's type or rank does not allow. The location names the
 * file, and the byte offset when one value is at fault.
 */
public class NpyMismatchException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    /**
     * @param problem what was expected and what was found
     * @param file the file at fault
     * @param offset byte offset of the value at fault, or -1 when the whole file is
     * @param hint how to fix it
     */
    public NpyMismatchException(String problem, Path file, long offset, String hint) {
        super(problem, offset < 0 ? String.valueOf(file) : file + ", byte offset " + offset, hint, null);
        this.file = file;
        this.offset = offset;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** Byte offset of the value at fault, or -1 when the problem is the whole file. */
    public long offset() {
        return offset;
    }
}
