package io.quant4j.onnx;

import io.quant4j.onnx.compare.Top1Agreement;
import java.util.List;
import java.util.Locale;

/**
 * The verification of a float16 export: its bytes and those of the float32 export of the same
 * model run in ONNX Runtime (CPU, the same session options) on the same batches, and the outputs
 * are compared within a {@link Float16Tolerance}. The float32 export is itself verified against the
 * Java forward ({@link OnnxVerifier}); the float16 file is measured against it, not against Java,
 * because what float16 changes is the runtime's arithmetic, which Java does not simulate.
 */
public final class Float16Agreement {
    private Float16Agreement() {}

    /** Measures; never throws for divergence (see {@link Float16Report#passed()}). */
    public static Float16Report measure(byte[] fp32, byte[] fp16, List<ImageBatch> batches, OrtOptions ort, Float16Tolerance tol) {
        if (batches == null || batches.isEmpty()) {
            throw new IllegalArgumentException("float16 verification needs at least one batch of inputs");
        }
        double maxDiff = 0;
        double sumDiff = 0;
        long elements = 0;
        long nonFinite = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long samples = 0;
        List<Double> margins = new java.util.ArrayList<>();
        List<Boolean> agreeing = new java.util.ArrayList<>();
        try (OrtRunner ref = OrtRunner.open(fp32, ort); OrtRunner half = OrtRunner.open(fp16, ort)) {
            for (ImageBatch b : batches) {
                float[] r = ref.run(b.data(), b.shape()).values();
                float[] h = half.run(b.data(), b.shape()).values();
                if (r.length != h.length) {
                    throw new OnnxExportException("the float16 file gives " + h.length + " output values for a batch of shape "
                            + java.util.Arrays.toString(b.shape()) + ", the float32 export " + r.length, "float16 verification",
                            "Report it: the float16 pass must not change shapes.", null);
                }
                for (int i = 0; i < r.length; i++) {
                    if (!Float.isFinite(r[i])) {
                        continue;
                    }
                    min = Math.min(min, r[i]);
                    max = Math.max(max, r[i]);
                    if (!Float.isFinite(h[i])) {
                        nonFinite++;
                        continue;
                    }
                    double d = Math.abs((double) h[i] - r[i]);
                    maxDiff = Math.max(maxDiff, d);
                    sumDiff += d;
                    elements++;
                }
                int per = r.length / b.size();
                for (int k = 0; k < b.size(); k++) {
                    int best = Top1Agreement.argmax(r, k * per, per);
                    margins.add(margin(r, k * per, per, best));
                    agreeing.add(best >= 0 && best == Top1Agreement.argmax(h, k * per, per));
                }
                samples += b.size();
            }
        }
        double mean = elements == 0 ? 0 : sumDiff / elements;
        double range = max - min;
        double clear = tol.maxRelativeDiff() * (range > 0 ? range : 0);
        long agree = 0;
        long decided = 0;
        long decidedAgree = 0;
        for (int i = 0; i < margins.size(); i++) {
            boolean same = agreeing.get(i);
            agree += same ? 1 : 0;
            if (margins.get(i) > clear) {
                decided++;
                decidedAgree += same ? 1 : 0;
            }
        }
        double top1 = samples == 0 ? 0 : (double) agree / samples;
        double decidedTop1 = decided == 0 ? 1 : (double) decidedAgree / decided;
        Float16Report probe = new Float16Report(batches.size(), samples, maxDiff, mean, min, max, nonFinite, top1, decided,
                decidedTop1, tol, null);
        String failure = null;
        if (nonFinite > 0) {
            failure = nonFinite + " output values are NaN or infinite in float16 (finite in float32): a value beyond float16's"
                    + " range of +-65,504";
        } else if (!(probe.relativeDiff() <= tol.maxRelativeDiff())) {
            failure = String.format(Locale.ROOT, "max |diff| %.3g is %.2f %% of the output range %.3g > %.1f %% allowed", maxDiff,
                    100 * probe.relativeDiff(), probe.outputRange(), 100 * tol.maxRelativeDiff());
        } else if (decidedTop1 < tol.minTop1Agreement()) {
            failure = String.format(Locale.ROOT, "top-1 agreement %.4f < %.4f required on the %d samples whose float32 top-1"
                    + " leads by more than %.3g", decidedTop1, tol.minTop1Agreement(), decided, clear);
        }
        return new Float16Report(batches.size(), samples, maxDiff, mean, min, max, nonFinite, top1, decided, decidedTop1, tol, failure);
    }

    /** How far the largest value leads the second largest (infinite with one value, 0 without an argmax). */
    private static double margin(float[] v, int off, int n, int best) {
        if (best < 0) {
            return 0;
        }
        double second = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            if (j != best) {
                second = Math.max(second, v[off + j]);
            }
        }
        return v[off + best] - second;
    }
}
