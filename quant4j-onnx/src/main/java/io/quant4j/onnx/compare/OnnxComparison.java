package io.quant4j.onnx.compare;

import io.quant4j.onnx.ImageBatch;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Runs a reference and a candidate ONNX file in ONNX Runtime (one CPU session each) on the same
 * batches and accumulates how their outputs agree ({@link OutputReport} per output, matched by
 * position; {@link OutputAgreement} over all of them).
 *
 * <pre>{@code
 * ComparisonResult r = OnnxComparison.compare(Path.of("fp32.onnx"), Path.of("int8.onnx"), batches,
 *         CompareOptions.defaults().withMaskThreshold(0.3));
 * r.overall().sqnrDb();   // 10 log10(sum ref^2 / sum (ref - cand)^2) over every output
 * }</pre>
 * The files must take the same input: one input of the same name, and static dimensions that
 * agree; every batch must give outputs of equal shapes. Otherwise a
 * {@link ComparisonMismatchException} says which.
 */
public final class OnnxComparison {
    private OnnxComparison() {}

    /** Compares two files on {@code batches}. */
    public static ComparisonResult compare(Path reference, Path candidate, Iterable<ImageBatch> batches, CompareOptions o) {
        OrtOptions ort = OrtOptions.defaults().withThreads(o.intraOpThreads()).forSpeed();
        try (OrtRunner ref = OrtRunner.open(reference, ort); OrtRunner cand = OrtRunner.open(candidate, ort)) {
            return compare(ref, reference.toString(), cand, candidate.toString(), batches, o);
        }
    }

    /** Compares two open sessions on {@code batches}; the names are for messages and the result. */
    public static ComparisonResult compare(OrtRunner ref, String refName, OrtRunner cand, String candName, Iterable<ImageBatch> batches,
                                           CompareOptions o) {
        checkInputs(ref, refName, cand, candName);
        List<String> refOut = ref.outputNames();
        List<String> candOut = cand.outputNames();
        if (refOut.size() != candOut.size()) {
            throw new ComparisonMismatchException("expected the same number of outputs, found " + refOut.size() + " " + refOut + " in "
                    + refName + " and " + candOut.size() + " " + candOut + " in " + candName, candName,
                    "Compare files of the same model (outputs are matched by position).");
        }
        List<OutputReport> reports = new ArrayList<>();
        long samples = 0;
        int index = 0;
        for (ImageBatch b : batches) {
            checkBatch(ref, refName, b);
            checkBatch(cand, candName, b);
            LinkedHashMap<String, OrtRunner.Output> r = ref.runAll(b.data(), b.shape());
            LinkedHashMap<String, OrtRunner.Output> c = cand.runAll(b.data(), b.shape());
            Iterator<OrtRunner.Output> ci = c.values().iterator();
            int k = 0;
            for (var e : r.entrySet()) {
                OrtRunner.Output ro = e.getValue();
                OrtRunner.Output co = ci.next();
                if (!Arrays.equals(ro.shape(), co.shape())) {
                    throw new ComparisonMismatchException("output " + k + " (" + e.getKey() + " / " + candOut.get(k) + ") has shape "
                            + Arrays.toString(ro.shape()) + " in " + refName + " and " + Arrays.toString(co.shape()) + " in "
                            + candName + " on batch " + index + " of shape " + Arrays.toString(b.shape()), candName,
                            "Compare files of the same model and output layout.");
                }
                if (reports.size() <= k) {
                    OutputReport start = OutputReport.start(e.getKey(), ro.shape(), o);
                    if (start.kind() == OutputKind.SEQUENCE && o.ctc() != null && ro.shape()[2] != o.ctc().classes()) {
                        throw new CtcKeysException("output " + e.getKey() + " has " + ro.shape()[2] + " classes, the dictionary gives "
                                + o.ctc().classes() + " (blank + " + (o.ctc().classes() - 2) + " characters + space)", o.ctc().source(),
                                "Give the dictionary the recognizer was trained with.");
                    }
                    reports.add(start);
                }
                reports.set(k, reports.get(k).add(ro.values(), co.values(), ro.shape(), o));
                k++;
            }
            samples += b.size();
            index++;
        }
        if (o.ctc() != null && !reports.isEmpty() && reports.stream().noneMatch(rep -> rep.kind() == OutputKind.SEQUENCE)) {
            throw new CtcKeysException("a CTC dictionary was given, but no output is a sequence [N, T, C]: "
                    + reports.stream().map(rep -> rep.name() + " " + Arrays.toString(rep.shape())).toList(), o.ctc().source(),
                    "Leave out --ctc-keys for models that are not CTC recognizers.");
        }
        OutputAgreement all = reports.stream().map(OutputReport::agreement).reduce(OutputAgreement.empty(), OutputAgreement::plus);
        return new ComparisonResult(refName, candName, samples, all, reports);
    }

    /**
     * Refuses files that do not take the same input: different input names, or static
     * dimensions that differ (a symbolic dimension, -1, matches any).
     */
    public static void checkInputs(OrtRunner ref, String refName, OrtRunner cand, String candName) {
        if (!ref.inputName().equals(cand.inputName())) {
            throw new ComparisonMismatchException("expected the same input name, found '" + ref.inputName() + "' in " + refName + " and '"
                    + cand.inputName() + "' in " + candName, candName,
                    "Compare files of the same model; a quantizer that renames the input is not a like-for-like candidate.");
        }
        long[] a = ref.inputShape();
        long[] b = cand.inputShape();
        boolean fits = a.length == b.length;
        for (int i = 0; fits && i < a.length; i++) {
            fits = a[i] < 1 || b[i] < 1 || a[i] == b[i];
        }
        if (!fits) {
            throw new ComparisonMismatchException("expected input shapes that match, found " + Arrays.toString(a) + " in " + refName
                    + " and " + Arrays.toString(b) + " in " + candName + " (-1: symbolic)", candName,
                    "Compare files exported for the same input size.");
        }
    }

    private static void checkBatch(OrtRunner r, String name, ImageBatch b) {
        long[] want = r.inputShape();
        long[] got = b.shape();
        boolean fits = want.length == got.length;
        for (int i = 0; fits && i < want.length; i++) {
            fits = want[i] < 1 || want[i] == got[i];
        }
        if (!fits) {
            throw new ComparisonMismatchException("the data gives inputs of shape " + Arrays.toString(got) + ", the model expects "
                    + Arrays.toString(want) + " (-1: any size)", name,
                    "Give an input spec whose shape fits the model (--input-shape C x H x W).");
        }
    }
}
