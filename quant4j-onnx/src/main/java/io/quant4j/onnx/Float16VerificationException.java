package io.quant4j.onnx;

/**
 * The float16 export disagrees with the float32 export of the same model in ONNX Runtime beyond
 * the {@link Float16Tolerance}. No file was written; {@link #report()} holds the measured figures.
 */
public final class Float16VerificationException extends OnnxExportException {
    private static final long serialVersionUID = 1L;

    private final Float16Report report;

    public Float16VerificationException(String where, Float16Report report) {
        super("the float16 file diverges from the float32 export in ONNX Runtime: " + report.failure() + " (" + report.summary() + ")",
                where, "Export without fp16 (float32 float parts; TensorRT's --fp16 picks half precision per layer itself). A"
                        + " layer whose values exceed float16's +-65,504 or need more than its 11 significant bits is the usual cause.",
                null);
        this.report = report;
    }

    /** The measured comparison. */
    public Float16Report report() {
        return report;
    }
}
