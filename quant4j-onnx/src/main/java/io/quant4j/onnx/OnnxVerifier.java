package io.quant4j.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.quant4j.nn.EvalMode;
import io.quant4j.nn.ForwardListener;
import io.quant4j.nn.Module;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The verification gate: runs an ONNX model in ONNX Runtime (CPU, {@link VerifyOptions#intraOpThreads()}
 * threads, optimization level ALL) and the Java forward (eval, no grad) on the same batches, and
 * compares the outputs.
 *
 * <pre>
 *   d_i   = max over the outputs of sample i of |ort - java|
 *   step  = ONNX scale of the last activation quantizer upstream of the output (max over channels)
 *   pass  = median_i d_i / step <= maxDiffSteps and max_i d_i / step <= maxOutlierSteps   (quantized)
 *           max_i d_i <= floatRelTolerance * max(1, max|java|)                            (no activation quantizer)
 *         and top-1 agreement (argmax of each sample's flattened output) >= minTop1Agreement
 * </pre>
 * ONNX divides by the scale where the simulation multiplies by its inverse and accumulates in
 * integers, so values next to a rounding boundary can land one step apart, and in a deep network
 * such a flip can cascade; that is why the tolerance is counted in steps and the bound applies to
 * the median sample (see {@link VerifyOptions}).
 *
 * <p>Then every quantized activation is compared on the same batches ({@link QuantizedTensors}:
 * ONNX Runtime's {@code QuantizeLinear} integers against the Java quantizer's levels, in its own
 * steps) and passes when its mean signed difference is within {@link VerifyOptions#maxTensorMeanSteps()}
 * (plus 4 standard errors) and its dequantizers use its scale and zero point; the report lists
 * each tensor ({@link TensorAgreement}). That catches what the output cannot show: a zero point
 * one level off (the Q/DQ pair cancels it except where values saturate) or rounding down instead
 * of to nearest (half a step, under the output tolerance).
 */
public final class OnnxVerifier {
    private OnnxVerifier() {}

    /** Measures the agreement of a file with the model; never throws for divergence. */
    public static VerificationReport compare(Module model, Path onnx, List<ImageBatch> batches, VerifyOptions options) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(onnx);
        } catch (IOException e) {
            throw new OnnxRuntimeException(onnx.toString(), "cannot read the ONNX file", e);
        }
        return compare(model, OnnxChecker.parse(bytes, onnx.toString()), bytes, batches, options);
    }

    /** Measures the agreement of a model's bytes (not written yet) with the Java model; never throws for divergence. */
    public static VerificationReport compare(Module model, byte[] bytes, String where, List<ImageBatch> batches, VerifyOptions options) {
        return compare(model, OnnxChecker.parse(bytes, where), bytes, batches, options);
    }

    /**
     * Verifies a file against the model.
     *
     * @throws OnnxVerificationException with the report when a threshold fails
     */
    public static VerificationReport verify(Module model, Path onnx, List<ImageBatch> batches, VerifyOptions options) {
        VerificationReport r = compare(model, onnx, batches, options);
        if (!r.passed()) {
            throw new OnnxVerificationException(onnx.toString(), r);
        }
        return r;
    }

    static VerificationReport compare(Module model, ModelProto proto, byte[] bytes, List<ImageBatch> batches,
                                      VerifyOptions o) {
        return compare(model, proto, bytes, batches, o, TensorGate.EXACT);
    }

    /**
     * As {@link #compare(Module, byte[], String, List, VerifyOptions)}, with another per-tensor mean
     * gate (imported graphs: {@link TensorGate#CASCADED}).
     */
    static VerificationReport compare(Module model, byte[] bytes, String where, List<ImageBatch> batches, VerifyOptions o,
                                      TensorGate gate) {
        return compare(model, OnnxChecker.parse(bytes, where), bytes, batches, o, gate);
    }

    private static VerificationReport compare(Module model, ModelProto proto, byte[] bytes, List<ImageBatch> batches,
                                              VerifyOptions o, TensorGate gate) {
        if (batches == null || batches.isEmpty()) {
            throw new IllegalArgumentException("verification needs at least one batch of inputs");
        }
        double step = outputStep(proto);
        double maxDiff = 0;
        double maxJava = 0;
        List<Double> perSample = new java.util.ArrayList<>();
        long samples = 0;
        long agree = 0;
        String failure = null;
        OrtOptions ort = OrtOptions.defaults().withThreads(o.intraOpThreads());
        try (OrtRunner runner = OrtRunner.open(bytes, ort)) {
            for (ImageBatch b : batches) {
                float[] java = javaForward(model, b);
                float[] onnx = runner.run(b.data(), b.shape()).values();
                if (java.length != onnx.length) {
                    failure = "output sizes differ: Java " + java.length + " values, ONNX Runtime " + onnx.length;
                    break;
                }
                int per = java.length / b.size();
                for (int k = 0; k < b.size(); k++) {
                    double sample = 0;
                    for (int i = k * per; i < (k + 1) * per; i++) {
                        double d = Math.abs((double) onnx[i] - java[i]);
                        if (!(d <= sample)) {
                            sample = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                        }
                        maxJava = Math.max(maxJava, Math.abs(java[i]));
                    }
                    perSample.add(sample);
                    maxDiff = Math.max(maxDiff, sample);
                }
                int[] pj = OrtRunner.argmax(java, b.size());
                int[] po = OrtRunner.argmax(onnx, b.size());
                for (int i = 0; i < pj.length; i++) {
                    agree += pj[i] == po[i] ? 1 : 0;
                }
                samples += b.size();
            }
        }
        double steps = Double.isNaN(step) ? Double.NaN : maxDiff / step;
        double median = Double.isNaN(step) || perSample.isEmpty() ? Double.NaN : median(perSample) / step;
        double top1 = samples == 0 ? 0 : (double) agree / samples;
        if (failure == null) {
            if (!Double.isNaN(step) && !(median <= o.maxDiffSteps())) {
                failure = String.format(java.util.Locale.ROOT, "median sample differs by %.3f steps > %.3f allowed (max difference"
                        + " %.3f steps)", median, o.maxDiffSteps(), steps);
            } else if (!Double.isNaN(step) && !(steps <= o.maxOutlierSteps())) {
                failure = String.format(java.util.Locale.ROOT, "max difference %.3f steps > %.3f allowed for any sample",
                        steps, o.maxOutlierSteps());
            } else if (Double.isNaN(step) && !(maxDiff <= o.floatRelTolerance() * Math.max(1, maxJava))) {
                failure = String.format(java.util.Locale.ROOT, "max difference %.3g > %.3g (relative %.1e of max |output| %.3g)",
                        maxDiff, o.floatRelTolerance() * Math.max(1, maxJava), o.floatRelTolerance(), maxJava);
            } else if (top1 < o.minTop1Agreement()) {
                failure = String.format(java.util.Locale.ROOT, "top-1 agreement %.4f < %.4f required", top1, o.minTop1Agreement());
            }
        }
        QuantizedTensors qt = QuantizedTensors.of(proto);
        if (!qt.isEmpty()) {
            qt.measure(model, batches, ort);
            if (failure == null) {
                failure = tensorFailure(qt, o, gate, Math.max(1, samples));
            }
        }
        return new VerificationReport(batches.size(), samples, maxDiff, step, steps, median, maxJava, top1, failure == null,
                failure, qt.agreements(), qt.unmatched());
    }

    /** The per-tensor thresholds (see {@link VerifyOptions}): the first that fails, or null. */
    private static String tensorFailure(QuantizedTensors qt, VerifyOptions o, TensorGate gate, long samples) {
        if (!qt.problems().isEmpty()) {
            return qt.problems().get(0) + (qt.problems().size() > 1 ? " (and " + (qt.problems().size() - 1) + " more)" : "");
        }
        for (TensorAgreement t : qt.agreements()) {
            if (t.elements() < samples * gate.minElementsPerSample()) {
                continue;
            }
            double allowed = gate.allowed(t, o.maxTensorMeanSteps());
            if (!(Math.abs(t.meanSteps()) <= allowed)) {
                return String.format(java.util.Locale.ROOT, "quantized tensor '%s': mean difference %+.4f steps > %.4f allowed"
                        + " (%.4f + 4 standard errors of %.4f%s); %.2f %% of its %d elements differ", t.quantizer(),
                        t.meanSteps(), allowed, o.maxTensorMeanSteps(), t.standardError(),
                        gate.meanPerRms() == 0 ? "" : String.format(java.util.Locale.ROOT, " + %.2f x rms %.4f", gate.meanPerRms(), t.rmsSteps()),
                        100 * (t.oneStepFraction() + t.moreStepsFraction()), t.elements());
            }
        }
        return null;
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The Java forward of one batch (eval, no grad, in a scope); train/eval flags are restored. */
    static float[] javaForward(Module model, ImageBatch b) {
        return javaForward(model, b, null);
    }

    /** As {@link #javaForward(Module, ImageBatch)}, with {@code listener} (when not null) seeing every module's forward. */
    static float[] javaForward(Module model, ImageBatch b, ForwardListener listener) {
        return EvalMode.run(model, () -> {
            AutoCloseable listening = listener == null ? null : Module.listen(listener);
            try (Scope s = Scope.open()) {
                return model.forward(Tensor.fromFloats(b.data(), b.shape())).toFloatArray();
            } finally {
                if (listening != null) {
                    try {
                        listening.close();
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot remove the forward listener", e);
                    }
                }
            }
        });
    }


    /**
     * The quantization step of the output ({@link OutputStep#of}): the ONNX scale of the last
     * activation quantizer upstream of the graph output, times the largest row L1 norm of the final
     * Gemm's constant weights when that quantizer feeds it; NaN without an activation quantizer.
     */
    public static double outputStep(ModelProto proto) {
        return OutputStep.of(proto);
    }

    static float[] floats(TensorProto t) {
        if (!t.getRawData().isEmpty()) {
            float[] out = new float[t.getRawData().size() / 4];
            ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }
        float[] out = new float[t.getFloatDataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getFloatData(i);
        }
        return out;
    }
}
