package io.quant4j.onnx.compare;

import java.util.List;

/**
 * How often two recognizers read the same text: the greedy CTC strings ({@link CtcDecoder}) of
 * each sample, compared exactly. Keeps the first pair that differs, to show what changed.
 *
 * @param samples samples compared
 * @param identical samples whose strings are equal
 * @param firstRef the reference string of the first differing sample, or null
 * @param firstCand the candidate string of the first differing sample, or null
 */
public record CtcAgreement(long samples, long identical, String firstRef, String firstCand) {
    public CtcAgreement {
        if (samples < 0 || identical < 0 || identical > samples || (firstRef == null) != (firstCand == null)) {
            throw new IllegalArgumentException("expected 0 <= identical <= samples and both or neither first strings, found "
                    + identical + " of " + samples);
        }
    }

    /** Nothing compared yet. */
    public static CtcAgreement empty() {
        return new CtcAgreement(0, 0, null, null);
    }

    /** This one plus the strings of one batch, sample by sample. */
    public CtcAgreement add(List<String> ref, List<String> cand) {
        if (ref.size() != cand.size()) {
            throw new IllegalArgumentException("expected as many strings in both, found " + ref.size() + " and " + cand.size());
        }
        long same = identical;
        String r = firstRef;
        String c = firstCand;
        for (int i = 0; i < ref.size(); i++) {
            if (ref.get(i).equals(cand.get(i))) {
                same++;
            } else if (r == null) {
                r = ref.get(i);
                c = cand.get(i);
            }
        }
        return new CtcAgreement(samples + ref.size(), same, r, c);
    }

    /** {@code identical / samples}, NaN when nothing was compared. */
    public double exactMatch() {
        return samples == 0 ? Double.NaN : (double) identical / samples;
    }
}
