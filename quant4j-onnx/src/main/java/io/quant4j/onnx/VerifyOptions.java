package io.quant4j.onnx;

/**
 * Thresholds of {@link OnnxVerifier}.
 *
 * <p>Quantized model (the graph has an activation quantizer upstream of the output): pass when
 * {@code max|ort - java| / step <= maxDiffSteps}, with {@code step} the ONNX scale of the last such
 * quantizer. Float model: pass when {@code max|ort - java| <= floatRelTolerance * max(1, max|java|)}.
 * Both: top-1 agreement (argmax of each sample's flattened output) {@code >= minTop1Agreement}.
 *
 * @param maxDiffSteps largest allowed difference in quantization steps (default 2)
 * @param minTop1Agreement smallest allowed fraction of samples with the same argmax (default 0.99)
 * @param floatRelTolerance relative tolerance for models without quantizers (default 1e-3)
 * @param intraOpThreads ONNX Runtime intra-op threads (default 2)
 */
public record VerifyOptions(double maxDiffSteps, double minTop1Agreement, double floatRelTolerance, int intraOpThreads) {
    public VerifyOptions {
        if (!(maxDiffSteps >= 0) || !(minTop1Agreement >= 0 && minTop1Agreement <= 1) || !(floatRelTolerance >= 0)
                || intraOpThreads < 1) {
            throw new IllegalArgumentException("expected maxDiffSteps >= 0, 0 <= minTop1Agreement <= 1, "
                    + "floatRelTolerance >= 0, intraOpThreads >= 1; found " + maxDiffSteps + ", " + minTop1Agreement
                    + ", " + floatRelTolerance + ", " + intraOpThreads);
        }
    }

    /** 2 steps, 99 % top-1 agreement, 1e-3 relative for float models, 2 threads. */
    public static VerifyOptions defaults() {
        return new VerifyOptions(2.0, 0.99, 1e-3, 2);
    }

    public VerifyOptions withMaxDiffSteps(double s) {
        return new VerifyOptions(s, minTop1Agreement, floatRelTolerance, intraOpThreads);
    }

    public VerifyOptions withMinTop1Agreement(double a) {
        return new VerifyOptions(maxDiffSteps, a, floatRelTolerance, intraOpThreads);
    }

    public VerifyOptions withFloatRelTolerance(double t) {
        return new VerifyOptions(maxDiffSteps, minTop1Agreement, t, intraOpThreads);
    }

    public VerifyOptions withIntraOpThreads(int n) {
        return new VerifyOptions(maxDiffSteps, minTop1Agreement, floatRelTolerance, n);
    }
}
