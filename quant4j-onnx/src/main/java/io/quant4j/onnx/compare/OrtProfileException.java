package io.quant4j.onnx.compare;

import io.quant4j.errors.Quant4jException;

/** ONNX Runtime's profiler trace cannot be written or read. */
public final class OrtProfileException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    public OrtProfileException(String problem, String where, Throwable cause) {
        super(problem, where, "Profile into a writable folder; the trace is ONNX Runtime's Chrome-trace JSON"
                + " (SessionOptions.enableProfiling).", cause);
    }
}
