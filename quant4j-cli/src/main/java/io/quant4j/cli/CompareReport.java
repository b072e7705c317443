package io.quant4j.cli;

import io.quant4j.onnx.BenchResult;
import io.quant4j.onnx.compare.ComparisonResult;
import io.quant4j.onnx.compare.OrtProfile;
import io.quant4j.onnx.compare.OutputAgreement;
import io.quant4j.onnx.compare.OutputReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The text and the flat JSON figures of {@code quant4j compare}: output agreement, speed (the
 * candidate over the reference) and, with {@code --profile}, kernel time per op type side by side.
 */
final class CompareReport {
    /** Nodes listed per file in the profile, and in the JSON as {@code <file>_profile_top<k>_*}. */
    static final int TOP_NODES = 5;

    private CompareReport() {}

    /** The agreement lines: one per output, then all outputs together. */
    static List<String> agreement(ComparisonResult r) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < r.outputs().size(); i++) {
            OutputReport o = r.outputs().get(i);
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  output %d %s %s %s: %s", i, o.name(),
                    "[N" + Arrays.stream(o.shape()).skip(1).mapToObj(d -> ", " + d).collect(Collectors.joining()) + "]", o.kind().label(),
                    figures(o.agreement())));
            if (o.top1() != null) {
                sb.append(String.format(Locale.ROOT, "; top-1 agreement %.4f (%,d %s)", o.top1().fraction(), o.top1().rows(),
                        o.shape().length == 3 ? "steps" : "samples"));
            }
            if (o.mask() != null) {
                sb.append(String.format(Locale.ROOT, "; mask IoU %.4f at > %s (reference %,d px, candidate %,d px on)", o.mask().iou(),
                        strip(o.mask().threshold()), o.mask().refOn(), o.mask().candOn()));
            }
            if (o.ctc() != null) {
                sb.append(String.format(Locale.ROOT, "; CTC strings identical for %,d of %,d samples (%.4f)", o.ctc().identical(),
                        o.ctc().samples(), o.ctc().exactMatch()));
                if (o.ctc().firstRef() != null) {
                    sb.append(String.format(Locale.ROOT, ", first difference: \"%s\" vs \"%s\"", o.ctc().firstRef(), o.ctc().firstCand()));
                }
            }
            out.add(sb.toString());
        }
        if (r.outputs().size() > 1) {
            out.add("  all outputs: " + figures(r.overall()));
        }
        if (r.overall().nonFinite() > 0) {
            out.add(String.format(Locale.ROOT, "  warning: %,d values are NaN or infinite in one of the files (left out of the figures)",
                    r.overall().nonFinite()));
        }
        return out;
    }

    private static String figures(OutputAgreement a) {
        return String.format(Locale.ROOT, "SQNR %s, cosine %.6f, max |diff| %.4g, mean |diff| %.4g over %,d values",
                Double.isInfinite(a.sqnrDb()) ? "inf dB (identical)" : String.format(Locale.ROOT, "%.2f dB", a.sqnrDb()), a.cosine(),
                a.maxAbsError(), a.meanAbsError(), a.elements());
    }

    private static String strip(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** One line per batch size: both files' p50 and images/s, and CAND/REF ratios. */
    static List<String> speed(BenchResult ref, BenchResult cand) {
        List<String> out = new ArrayList<>();
        for (BenchResult.Batch r : ref.batches()) {
            BenchResult.Batch c = cand.at(r.batch());
            out.add(String.format(Locale.ROOT, "  batch %d: reference p50 %.3f ms (%,.1f images/s), candidate p50 %.3f ms (%,.1f images/s);"
                    + " candidate/reference latency %.3fx, throughput %.3fx", r.batch(), r.p50Ms(), r.imagesPerSecond(), c.p50Ms(),
                    c.imagesPerSecond(), c.p50Ms() / r.p50Ms(), c.imagesPerSecond() / r.imagesPerSecond()));
        }
        return out;
    }

    /** The op types of both profiles side by side (reference's order, then the candidate's own), totals and top nodes. */
    static List<String> profile(OrtProfile ref, OrtProfile cand) {
        Set<String> ops = new LinkedHashSet<>();
        ref.ops().forEach(o -> ops.add(o.opType()));
        cand.ops().forEach(o -> ops.add(o.opType()));
        int width = Math.max(8, ops.stream().mapToInt(String::length).max().orElse(8));
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "  %-" + width + "s  %-28s  %-28s", "op type", "reference ms/run share (nodes)",
                "candidate ms/run share (nodes)"));
        for (String op : ops) {
            out.add(String.format(Locale.ROOT, "  %-" + width + "s  %-28s  %-28s", op, cell(ref.op(op)), cell(cand.op(op))));
        }
        out.add(String.format(Locale.ROOT, "  %-" + width + "s  %-28s  %-28s", "total", total(ref), total(cand)));
        for (OrtProfile p : List.of(ref, cand)) {
            StringBuilder sb = new StringBuilder("  top nodes of the " + (p == ref ? "reference" : "candidate") + ":");
            p.nodes().stream().limit(TOP_NODES).forEach(n -> sb.append(String.format(Locale.ROOT, " %s (%s) %.3f ms %.1f %%;", n.node(),
                    n.opType(), n.msPerRun(), 100 * n.share())));
            out.add(sb.substring(0, sb.length() - 1));
        }
        return out;
    }

    private static String cell(OrtProfile.OpTime t) {
        return t == null ? "-" : String.format(Locale.ROOT, "%.3f %5.1f %% (%d)", t.msPerRun(), 100 * t.share(), t.nodes());
    }

    private static String total(OrtProfile p) {
        return String.format(Locale.ROOT, "%.3f (wall %.3f)", p.totalMs(), p.wallMsPerRun());
    }

    /** {@code ref_batch<B>_*}, {@code cand_batch<B>_*} and {@code batch<B>_latency_ratio}, {@code batch<B>_throughput_ratio} (CAND/REF). */
    static Map<String, Object> speedMap(BenchResult ref, BenchResult cand) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (BenchResult.Batch r : ref.batches()) {
            BenchResult.Batch c = cand.at(r.batch());
            String b = "batch" + r.batch();
            m.put("ref_" + b + "_p50_ms", r.p50Ms());
            m.put("ref_" + b + "_p90_ms", r.p90Ms());
            m.put("ref_" + b + "_images_per_second", r.imagesPerSecond());
            m.put("cand_" + b + "_p50_ms", c.p50Ms());
            m.put("cand_" + b + "_p90_ms", c.p90Ms());
            m.put("cand_" + b + "_images_per_second", c.imagesPerSecond());
            m.put(b + "_latency_ratio", c.p50Ms() / r.p50Ms());
            m.put(b + "_throughput_ratio", c.imagesPerSecond() / r.imagesPerSecond());
        }
        return m;
    }

    /**
     * {@code <prefix>_profile_total_ms}, {@code _wall_ms}, per op type {@code _<op>_ms},
     * {@code _<op>_share}, {@code _<op>_nodes} (op in lower case, e.g. {@code qlinearconv}), and
     * the top nodes {@code _top<k>_node}, {@code _top<k>_op}, {@code _top<k>_ms}.
     */
    static Map<String, Object> profileMap(String prefix, OrtProfile p) {
        Map<String, Object> m = new LinkedHashMap<>();
        String k = prefix + "_profile_";
        m.put(k + "total_ms", p.totalMs());
        m.put(k + "wall_ms", p.wallMsPerRun());
        for (OrtProfile.OpTime t : p.ops()) {
            String op = t.opType().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
            m.put(k + op + "_ms", t.msPerRun());
            m.put(k + op + "_share", t.share());
            m.put(k + op + "_nodes", t.nodes());
        }
        for (int i = 0; i < Math.min(TOP_NODES, p.nodes().size()); i++) {
            OrtProfile.NodeTime n = p.nodes().get(i);
            m.put(k + "top" + (i + 1) + "_node", n.node());
            m.put(k + "top" + (i + 1) + "_op", n.opType());
            m.put(k + "top" + (i + 1) + "_ms", n.msPerRun());
        }
        return m;
    }
}
