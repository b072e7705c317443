package io.quant4j.onnx.compare;

/**
 * Settings of {@link OnnxComparison}.
 *
 * @param maskThreshold threshold of {@link MaskIoU} for probability maps, in [0, 1] (PaddleOCR's DB: 0.3)
 * @param ctc the CTC dictionary for {@code [N, T, C]} outputs, or null to skip string comparison
 * @param intraOpThreads ONNX Runtime intra-op threads of each session
 */
public record CompareOptions(double maskThreshold, CtcDecoder ctc, int intraOpThreads) {
    public CompareOptions {
        if (!(maskThreshold >= 0 && maskThreshold <= 1) || intraOpThreads < 1) {
            throw new IllegalArgumentException("expected a mask threshold in [0, 1] and threads >= 1, found " + maskThreshold + ", "
                    + intraOpThreads);
        }
    }

    /** Mask threshold 0.3, no CTC dictionary, 2 threads. */
    public static CompareOptions defaults() {
        return new CompareOptions(0.3, null, 2);
    }

    public CompareOptions withMaskThreshold(double t) {
        return new CompareOptions(t, ctc, intraOpThreads);
    }

    public CompareOptions withCtc(CtcDecoder d) {
        return new CompareOptions(maskThreshold, d, intraOpThreads);
    }

    public CompareOptions withThreads(int n) {
        return new CompareOptions(maskThreshold, ctc, n);
    }
}
