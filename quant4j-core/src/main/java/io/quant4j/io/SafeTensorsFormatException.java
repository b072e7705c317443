package io.quant4j.io;

import io.quant4j.errors.Quant4jException;
import java.nio.file.Path;

/** A safetensors file that does not follow the format; names the file and byte offset. */
public class SafeTensorsFormatException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public SafeTensorsFormatException(Path file, long offset, String problem) {
        super(problem, file + " at byte " + offset,
                "The file is not a valid safetensors file (truncated or written by a faulty writer); re-create it.", null);
    }
}
