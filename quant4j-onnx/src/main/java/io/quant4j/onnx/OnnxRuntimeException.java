package io.quant4j.onnx;

/** ONNX Runtime refused to load or run a model (the cause is ORT's {@code OrtException}). */
public final class OnnxRuntimeException extends OnnxExportException {
    private static final long serialVersionUID = 1L;

    public OnnxRuntimeException(String where, String problem, Throwable cause) {
        this(where, problem, "Check the file with OnnxChecker; input shapes must match the model's input (N x C x H x W).", cause);
    }

    /** With a hint of its own. */
    public OnnxRuntimeException(String where, String problem, String hint, Throwable cause) {
        super(problem + (cause != null && cause.getMessage() != null ? ": " + cause.getMessage() : ""), where, hint, cause);
    }
}
