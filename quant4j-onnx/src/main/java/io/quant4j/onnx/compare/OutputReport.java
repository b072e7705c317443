package io.quant4j.onnx.compare;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The comparison of one output (matched by position in the two files), accumulated over batches:
 * the element-wise {@link OutputAgreement} always, and by {@link OutputKind} the
 * {@link Top1Agreement} (logits, sequences), {@link MaskIoU} (probability maps) and
 * {@link CtcAgreement} (sequences, when a dictionary is given); the others are null.
 *
 * @param name the reference file's name of the output
 * @param shape the batch shape of the first batch compared
 * @param kind what the output holds
 * @param agreement element-wise figures
 * @param top1 argmax agreement, or null
 * @param mask mask IoU, or null
 * @param ctc decoded-string agreement, or null
 */
public record OutputReport(String name, long[] shape, OutputKind kind, OutputAgreement agreement, Top1Agreement top1, MaskIoU mask,
                           CtcAgreement ctc) {
    public OutputReport {
        if (name == null || shape == null || kind == null || agreement == null) {
            throw new IllegalArgumentException("expected a name, shape, kind and agreement, found " + name + ", "
                    + Arrays.toString(shape) + ", " + kind + ", " + agreement);
        }
        shape = shape.clone();
    }

    /** An empty report for an output of this batch shape. */
    public static OutputReport start(String name, long[] shape, CompareOptions o) {
        OutputKind k = OutputKind.of(shape);
        boolean classes = k == OutputKind.LOGITS || k == OutputKind.SEQUENCE;
        return new OutputReport(name, shape, k, OutputAgreement.empty(), classes ? Top1Agreement.empty() : null,
                k == OutputKind.PROBABILITY_MAP ? MaskIoU.empty(o.maskThreshold()) : null,
                k == OutputKind.SEQUENCE && o.ctc() != null ? CtcAgreement.empty() : null);
    }

    /** This one plus a batch of both outputs, of batch shape {@code batchShape}. */
    public OutputReport add(float[] ref, float[] cand, long[] batchShape, CompareOptions o) {
        Top1Agreement t = top1 == null ? null : top1.add(ref, cand, (int) batchShape[batchShape.length - 1]);
        MaskIoU m = mask == null ? null : mask.add(ref, cand);
        CtcAgreement c = ctc == null ? null : ctc.add(o.ctc().decodeBatch(ref, batchShape), o.ctc().decodeBatch(cand, batchShape));
        return new OutputReport(name, shape, kind, agreement.add(ref, cand), t, m, c);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * Flat figures: those of {@link OutputAgreement#toMap()} plus {@code name}, {@code shape}
     * ({@code "Nx1x480x480"}: the batch as N), {@code kind}, {@code top1_agreement},
     * {@code top1_rows}, {@code mask_iou}, {@code mask_threshold}, {@code ctc_exact_match},
     * {@code ctc_samples}, {@code ctc_first_diff_ref}, {@code ctc_first_diff_cand} (the first pair
     * of strings that differ) (null where they do not apply).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("shape", "N" + Arrays.stream(shape).skip(1).mapToObj(d -> "x" + d).collect(java.util.stream.Collectors.joining()));
        m.put("kind", kind.name().toLowerCase(java.util.Locale.ROOT));
        m.putAll(agreement.toMap());
        m.put("top1_agreement", top1 == null ? null : top1.fraction());
        m.put("top1_rows", top1 == null ? null : top1.rows());
        m.put("mask_iou", mask == null ? null : mask.iou());
        m.put("mask_threshold", mask == null ? null : mask.threshold());
        m.put("ctc_exact_match", ctc == null ? null : ctc.exactMatch());
        m.put("ctc_samples", ctc == null ? null : ctc.samples());
        m.put("ctc_first_diff_ref", ctc == null ? null : ctc.firstRef());
        m.put("ctc_first_diff_cand", ctc == null ? null : ctc.firstCand());
        return m;
    }
}
