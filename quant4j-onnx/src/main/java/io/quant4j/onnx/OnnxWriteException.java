package io.quant4j.onnx;

import java.nio.file.Path;

/** The ONNX file could not be written (or read); nothing partial is left at the target path. */
public final class OnnxWriteException extends OnnxExportException {
    private static final long serialVersionUID = 1L;

    public OnnxWriteException(Path path, String problem, Throwable cause) {
        super(problem, String.valueOf(path),
                "Check that the directory exists or can be created, is writable, and that the path is not a directory.",
                cause);
    }
}
