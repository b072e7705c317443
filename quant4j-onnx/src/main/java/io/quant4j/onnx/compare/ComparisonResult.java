package io.quant4j.onnx.compare;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output agreement of a candidate ONNX file with a reference on the same inputs.
 *
 * @param reference the reference file, as given
 * @param candidate the candidate file, as given
 * @param samples samples run through both
 * @param overall element-wise figures over every output together
 * @param outputs one report per output, in the reference's order
 */
public record ComparisonResult(String reference, String candidate, long samples, OutputAgreement overall, List<OutputReport> outputs) {
    public ComparisonResult {
        if (reference == null || candidate == null || samples < 0 || overall == null || outputs == null) {
            throw new IllegalArgumentException("expected two files, samples >= 0, figures and outputs, found " + reference + ", "
                    + candidate + ", " + samples);
        }
        outputs = List.copyOf(outputs);
    }

    /** The first output that has top-1 figures, or null. */
    public OutputReport firstWithTop1() {
        return outputs.stream().filter(o -> o.top1() != null).findFirst().orElse(null);
    }

    /** The first output that has a mask IoU, or null. */
    public OutputReport firstWithMask() {
        return outputs.stream().filter(o -> o.mask() != null).findFirst().orElse(null);
    }

    /** The first output that has CTC strings, or null. */
    public OutputReport firstWithCtc() {
        return outputs.stream().filter(o -> o.ctc() != null).findFirst().orElse(null);
    }

    /**
     * Flat figures: {@code samples}, {@code outputs}; the overall {@code sqnr_db}, {@code cosine},
     * {@code max_abs_diff}, {@code mean_abs_diff}, {@code elements}, {@code non_finite};
     * {@code top1_agreement}, {@code mask_iou}, {@code ctc_exact_match} of the first output that
     * has them (else null); and every output's figures as {@code output<i>_<key>}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("outputs", outputs.size());
        m.putAll(overall.toMap());
        OutputReport t = firstWithTop1();
        OutputReport k = firstWithMask();
        OutputReport c = firstWithCtc();
        m.put("top1_agreement", t == null ? null : t.top1().fraction());
        m.put("mask_iou", k == null ? null : k.mask().iou());
        m.put("ctc_exact_match", c == null ? null : c.ctc().exactMatch());
        for (int i = 0; i < outputs.size(); i++) {
            for (Map.Entry<String, Object> e : outputs.get(i).toMap().entrySet()) {
                m.put("output" + i + "_" + e.getKey(), e.getValue());
            }
        }
        return m;
    }
}
