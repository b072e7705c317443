package io.quant4j.onnx.compare;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How closely a candidate output follows a reference output, element by element, accumulated over
 * batches (and, for the overall figure, over every output of a model):
 * <pre>
 *   SQNR   = 10 * log10( sum ref^2 / sum (ref - cand)^2 )           (dB; +infinity when equal)
 *   cosine = sum ref*cand / sqrt( sum ref^2 * sum cand^2 )          (1 when both are all zero)
 *   max |diff| = max |ref - cand|,   mean |diff| = sum |ref - cand| / elements
 * </pre>
 * Worked example: ref {@code [1, 2, 3]}, cand {@code [1, 2, 4]}: sum ref^2 = 14, sum diff^2 = 1,
 * SQNR = 10 log10 14 = 11.46 dB; cosine = 17 / sqrt(14 * 21) = 0.9915; max |diff| 1, mean 1/3.
 * Pairs where either value is NaN or infinite are counted in {@code nonFinite} and left out of the
 * sums, so that one broken value is reported, not hidden in a NaN figure.
 *
 * @param elements finite pairs compared
 * @param nonFinite pairs left out because a value is NaN or infinite
 * @param sumRefSquares {@code sum ref^2}
 * @param sumCandSquares {@code sum cand^2}
 * @param sumProducts {@code sum ref * cand}
 * @param sumSquaredErrors {@code sum (ref - cand)^2}
 * @param sumAbsErrors {@code sum |ref - cand|}
 * @param maxAbsError {@code max |ref - cand|}
 */
public record OutputAgreement(long elements, long nonFinite, double sumRefSquares, double sumCandSquares, double sumProducts,
                              double sumSquaredErrors, double sumAbsErrors, double maxAbsError) {
    public OutputAgreement {
        if (elements < 0 || nonFinite < 0 || sumRefSquares < 0 || sumCandSquares < 0 || sumSquaredErrors < 0 || sumAbsErrors < 0
                || maxAbsError < 0) {
            throw new IllegalArgumentException("expected counts and sums of squares >= 0, found elements " + elements + ", non-finite "
                    + nonFinite + ", sums " + sumRefSquares + ", " + sumCandSquares + ", " + sumSquaredErrors + ", " + sumAbsErrors
                    + ", max " + maxAbsError);
        }
    }

    /** Nothing compared yet. */
    public static OutputAgreement empty() {
        return new OutputAgreement(0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** This one plus the pairs {@code (ref[i], cand[i])}; the arrays have one length. */
    public OutputAgreement add(float[] ref, float[] cand) {
        if (ref.length != cand.length) {
            throw new IllegalArgumentException("expected outputs of one length, found " + ref.length + " and " + cand.length);
        }
        long n = elements;
        long bad = nonFinite;
        double rr = sumRefSquares;
        double cc = sumCandSquares;
        double rc = sumProducts;
        double ee = sumSquaredErrors;
        double ae = sumAbsErrors;
        double max = maxAbsError;
        for (int i = 0; i < ref.length; i++) {
            double r = ref[i];
            double c = cand[i];
            if (!Double.isFinite(r) || !Double.isFinite(c)) {
                bad++;
                continue;
            }
            double d = r - c;
            rr += r * r;
            cc += c * c;
            rc += r * c;
            ee += d * d;
            double a = Math.abs(d);
            ae += a;
            max = Math.max(max, a);
            n++;
        }
        return new OutputAgreement(n, bad, rr, cc, rc, ee, ae, max);
    }

    /** This one and another over disjoint elements (the figure over several outputs). */
    public OutputAgreement plus(OutputAgreement o) {
        return new OutputAgreement(elements + o.elements, nonFinite + o.nonFinite, sumRefSquares + o.sumRefSquares,
                sumCandSquares + o.sumCandSquares, sumProducts + o.sumProducts, sumSquaredErrors + o.sumSquaredErrors,
                sumAbsErrors + o.sumAbsErrors, Math.max(maxAbsError, o.maxAbsError));
    }

    /** Signal-to-quantization-noise ratio in dB; +infinity when the outputs are equal, NaN when nothing was compared. */
    public double sqnrDb() {
        if (elements == 0) {
            return Double.NaN;
        }
        if (sumSquaredErrors == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return 10 * Math.log10(sumRefSquares / sumSquaredErrors);
    }

    /** Cosine similarity of the two outputs as vectors: 1 when both are zero, 0 when only one is. */
    public double cosine() {
        if (elements == 0) {
            return Double.NaN;
        }
        if (sumRefSquares == 0 || sumCandSquares == 0) {
            return sumRefSquares == sumCandSquares ? 1 : 0;
        }
        return sumProducts / Math.sqrt(sumRefSquares * sumCandSquares);
    }

    /** Mean absolute difference (NaN when nothing was compared). */
    public double meanAbsError() {
        return elements == 0 ? Double.NaN : sumAbsErrors / elements;
    }

    /**
     * {@code sqnr_db} (null in JSON when infinite: the outputs are equal), {@code cosine},
     * {@code max_abs_diff}, {@code mean_abs_diff}, {@code elements}, {@code non_finite}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sqnr_db", sqnrDb());
        m.put("cosine", cosine());
        m.put("max_abs_diff", maxAbsError);
        m.put("mean_abs_diff", meanAbsError());
        m.put("elements", elements);
        m.put("non_finite", nonFinite);
        return m;
    }
}
