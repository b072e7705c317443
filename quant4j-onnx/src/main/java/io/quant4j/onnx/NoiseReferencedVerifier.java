package io.quant4j.onnx;

import io.quant4j.nn.Module;
import java.util.List;
import java.util.Locale;

/**
 * Verification of a quantized file whose output is not a quantized tensor read through a
 * classifier head (e.g. a probability map after float ops), for deep graphs where one-level
 * rounding flips between ONNX Runtime and Java cascade: the output is judged against the
 * quantization noise itself rather than in output steps.
 *
 * <p>With {@code f} the FP32 reference file's output in ONNX Runtime, {@code j} the Java quantized
 * forward and {@code o} the quantized file in ONNX Runtime, over every output element of the
 * batches:
 * <pre>
 *   SQNR(a, b) = 10 log10( sum b^2 / sum (a - b)^2 )  dB
 *   pass when SQNR(o, j) >= SQNR(j, f) - {@value #NOISE_MARGIN_DB} dB
 * </pre>
 * i.e. ONNX Runtime and Java differ by no more than the quantization changes the output: two
 * realizations of the same quantization noise differ by about {@code sqrt 2} of it (3 dB), while
 * a wrong op, scale or zero point moves the output far beyond it. Every quantized tensor is also
 * checked as {@link OnnxVerifier} does (dequantizers matching their quantizers), its mean signed
 * difference by {@link TensorGate#CASCADED}, which catches systematic errors tensor by tensor.
 */
public final class NoiseReferencedVerifier {
    /** How much further ONNX Runtime may lie from Java than Java lies from FP32, in dB. */
    public static final double NOISE_MARGIN_DB = 3.0;

    private NoiseReferencedVerifier() {}

    /**
     * Compares the quantized file with the Java model, against the FP32 file's output.
     *
     * @param model the quantized Java model
     * @param bytes the quantized file
     * @param reference the FP32 file (same inputs and outputs)
     * @param where the file's name, for messages
     */
    public static Result compare(Module model, byte[] bytes, byte[] reference, String where, List<ImageBatch> batches,
                                             VerifyOptions options) {
        VerifyOptions tensorsOnly = options.withMaxDiffSteps(Double.MAX_VALUE / 4).withMaxOutlierSteps(Double.MAX_VALUE)
                .withMinTop1Agreement(0).withFloatRelTolerance(Double.MAX_VALUE);
        VerificationReport r = OnnxVerifier.compare(model, bytes, where, batches, tensorsOnly, TensorGate.CASCADED);
        double signal = 0;
        double noiseJava = 0;
        double noiseOrt = 0;
        OrtOptions ort = OrtOptions.defaults().withThreads(options.intraOpThreads());
        try (OrtRunner q = OrtRunner.open(bytes, ort); OrtRunner f = OrtRunner.open(reference, ort)) {
            for (ImageBatch b : batches) {
                float[] j = OnnxVerifier.javaForward(model, b);
                float[] o = q.run(b.data(), b.shape()).values();
                float[] fp = f.run(b.data(), b.shape()).values();
                if (j.length != o.length || j.length != fp.length) {
                    throw new IllegalStateException("output sizes differ: Java " + j.length + ", ONNX Runtime " + o.length + ", FP32 "
                            + fp.length + " values");
                }
                for (int i = 0; i < j.length; i++) {
                    signal += (double) j[i] * j[i];
                    noiseJava += ((double) j[i] - fp[i]) * ((double) j[i] - fp[i]);
                    noiseOrt += ((double) o[i] - j[i]) * ((double) o[i] - j[i]);
                }
            }
        }
        double sqnrOrt = sqnr(signal, noiseOrt);
        double sqnrQuant = sqnr(signal, noiseJava);
        String failure = r.failure();
        if (failure == null && !(sqnrOrt >= sqnrQuant - NOISE_MARGIN_DB)) {
            failure = String.format(Locale.ROOT, "ONNX Runtime lies %.2f dB from Java (SQNR), further than the quantization noise"
                    + " allows: Java INT8 lies %.2f dB from FP32, margin %.1f dB", sqnrOrt, sqnrQuant, NOISE_MARGIN_DB);
        }
        VerificationReport report = new VerificationReport(r.batches(), r.samples(), r.maxAbsDiff(), r.step(), r.maxDiffSteps(),
                r.medianDiffSteps(), r.maxAbsJava(), r.top1Agreement(), failure == null, failure, r.tensors(), r.uncompared());
        return new Result(report, sqnrOrt, sqnrQuant);
    }

    /**
     * The per-tensor report (its {@code passed} and {@code failure} include the noise gate) and the two output SQNRs.
     *
     * @param report the comparison; the output-step and top-1 figures in it are informative only
     * @param sqnrOrtVsJava {@code SQNR(o, j)} in dB
     * @param sqnrInt8VsFp32 {@code SQNR(j, f)} in dB
     */
    public record Result(VerificationReport report, double sqnrOrtVsJava, double sqnrInt8VsFp32) {
        /** Whether every check held. */
        public boolean passed() {
            return report.passed();
        }

        /** One line of figures. */
        public String summary() {
            return String.format(Locale.ROOT, "output SQNR ONNX Runtime vs Java %.2f dB (Java INT8 vs FP32 %.2f dB); %s", sqnrOrtVsJava,
                    sqnrInt8VsFp32, report.summary());
        }
    }

    private static double sqnr(double signal, double noise) {
        return noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
    }
}
