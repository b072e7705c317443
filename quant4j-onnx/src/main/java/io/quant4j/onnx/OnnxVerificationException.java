package io.quant4j.onnx;

/**
 * The exported model disagrees with the Java forward beyond the thresholds of
 * {@link VerifyOptions}. No file was written; {@link #report()} holds the measured figures.
 */
public final class OnnxVerificationException extends OnnxExportException {
    private static final long serialVersionUID = 1L;

    private final VerificationReport report;

    public OnnxVerificationException(String where, VerificationReport report) {
        super("ONNX Runtime output diverges from the Java forward: " + report.failure() + " (" + report.summary() + ")",
                where,
                report.firstDivergent().map(t -> "The divergence starts at " + t.summary() + ": look at the op that produces it. ")
                        .orElse("Compare per-layer outputs. ") + "A quantizer whose amax is tiny or an op with different semantics"
                        + " in ONNX is the usual cause. Export with verification off only to inspect the file.",
                null);
        this.report = report;
    }

    /** The measured comparison. */
    public VerificationReport report() {
        return report;
    }
}
