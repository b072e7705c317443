package io.quant4j.cli;

import io.quant4j.onnx.EvalResult;
import io.quant4j.onnx.ImageBatch;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import io.quant4j.onnx.compare.CompareOptions;
import io.quant4j.onnx.compare.ComparisonResult;
import io.quant4j.onnx.compare.CtcDecoder;
import io.quant4j.onnx.compare.OnnxComparison;
import io.quant4j.onnx.compare.OutputReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The closing measurement of {@code qat --onnx}: the PTQ file and the QAT file, each compared with
 * the FP32 original in ONNX Runtime on the same inputs ({@link OnnxComparison}: SQNR, cosine, top-1
 * agreement of class scores, mask IoU of probability maps, CTC strings with a dictionary), side by
 * side; with labelled inputs also the top-1 accuracy of all three files.
 */
final class OnnxQatReport {
    /** ONNX Runtime threads of the measurement. */
    static final int THREADS = 2;

    private OnnxQatReport() {}

    /**
     * Measures and prints; returns the figures as {@code ptq_<key>} and {@code qat_<key>}
     * ({@link ComparisonResult#toMap()} keys), plus {@code fp32_accuracy}, {@code ptq_accuracy} and
     * {@code qat_accuracy} when the inputs are labelled.
     */
    static Map<String, Object> measure(Path fp32, Path ptq, Path qat, List<ImageBatch> batches, String data, CtcDecoder ctc,
                                       Warnings warnings, PrintStream out) {
        CompareOptions co = CompareOptions.defaults().withCtc(ctc).withThreads(THREADS);
        ComparisonResult p = OnnxComparison.compare(fp32, ptq, batches, co);
        ComparisonResult q = OnnxComparison.compare(fp32, qat, batches, co);
        out.printf(Locale.ROOT, "agreement with %s on %,d inputs of %s (ONNX Runtime, %d threads):%n", fp32.getFileName(), p.samples(), data,
                THREADS);
        out.printf(Locale.ROOT, "  %-24s %14s %14s%n", "", "PTQ", "QAT");
        row(out, "SQNR (dB)", p, q, r -> String.format(Locale.ROOT, "%.2f", r.overall().sqnrDb()));
        row(out, "cosine", p, q, r -> String.format(Locale.ROOT, "%.6f", r.overall().cosine()));
        row(out, "mean |diff|", p, q, r -> String.format(Locale.ROOT, "%.4g", r.overall().meanAbsError()));
        if (p.firstWithTop1() != null) {
            row(out, "top-1 agreement", p, q, r -> count(r.firstWithTop1()));
        }
        if (p.firstWithMask() != null) {
            row(out, "mask IoU", p, q, r -> String.format(Locale.ROOT, "%.4f", r.firstWithMask().mask().iou()));
        }
        if (p.firstWithCtc() != null) {
            row(out, "CTC strings identical", p, q, r -> String.format(Locale.ROOT, "%.4f (%d/%d)", r.firstWithCtc().ctc().exactMatch(),
                    r.firstWithCtc().ctc().identical(), r.firstWithCtc().ctc().samples()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("measured_on", data);
        String drift = drift(p.overall().sqnrDb(), q.overall().sqnrDb(), ptq);
        if (drift != null) {
            warnings.add("qat_drift", drift, Map.of("ptq_sqnr_db", p.overall().sqnrDb(), "qat_sqnr_db", q.overall().sqnrDb(),
                    "ptq_onnx", ptq.toString()));
        }
        p.toMap().forEach((k, v) -> m.put("ptq_" + k, v));
        q.toMap().forEach((k, v) -> m.put("qat_" + k, v));
        if (!batches.isEmpty() && batches.get(0).labels() != null) {
            OrtOptions ort = OrtOptions.defaults().withThreads(THREADS);
            EvalResult f = OrtRunner.evaluate(fp32, batches, ort);
            EvalResult a = OrtRunner.evaluate(ptq, batches, ort);
            EvalResult b = OrtRunner.evaluate(qat, batches, ort);
            out.printf(Locale.ROOT, "  %-24s %14s %14s   (FP32 %.2f %%, %,d labelled images)%n", "top-1 accuracy",
                    String.format(Locale.ROOT, "%.2f %%", 100 * a.accuracy()), String.format(Locale.ROOT, "%.2f %%", 100 * b.accuracy()),
                    100 * f.accuracy(), f.images());
            m.put("fp32_accuracy", f.accuracy());
            m.put("ptq_accuracy", a.accuracy());
            m.put("qat_accuracy", b.accuracy());
            m.put("accuracy_images", f.images());
        }
        return m;
    }

    /** Smallest SQNR loss (dB) from the PTQ file to the QAT file that is reported as a drift. */
    static final double DRIFT_DB = 0.1;

    /**
     * The warning when fine-tuning moved the output away from FP32's (the QAT file's SQNR against
     * FP32 at least {@link #DRIFT_DB} below the PTQ file's on the same inputs), else null.
     */
    static String drift(double ptqSqnrDb, double qatSqnrDb, Path ptq) {
        if (!(qatSqnrDb <= ptqSqnrDb - DRIFT_DB) || qatSqnrDb == ptqSqnrDb) { // equal: both infinite (identical outputs)
            return null;
        }
        return String.format(Locale.ROOT, "the QAT file is further from FP32 than the PTQ file (SQNR %.2f dB against %.2f dB):"
                + " fine-tuning moved the model away from the teacher. Try a smaller --lr (%s after a PTQ that leaves nodes"
                + " float), or use the PTQ file %s", qatSqnrDb, ptqSqnrDb, QatCommand.ONNX_MIXED_LR, ptq);
    }

    private static String count(OutputReport o) {
        return String.format(Locale.ROOT, "%.4f (%d/%d)", o.top1().fraction(), o.top1().agreeing(), o.top1().rows());
    }

    private static void row(PrintStream out, String name, ComparisonResult p, ComparisonResult q, Function<ComparisonResult, String> f) {
        out.printf(Locale.ROOT, "  %-24s %14s %14s%n", name, f.apply(p), f.apply(q));
    }
}
