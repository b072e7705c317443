package io.quant4j.onnx.compare;

/**
 * How often two outputs pick the same class: each output holds rows of {@code K} scores
 * ({@code [N, K]} logits, or {@code [N, T, K]} per step of a sequence), and a row agrees when the
 * argmax (first index of the largest score) is the same in both. A row holding a NaN has no
 * argmax and never agrees.
 *
 * <p>Example: ref rows {@code [0.1, 0.9], [0.8, 0.2]}, cand rows {@code [0.3, 0.7], [0.4, 0.6]}:
 * argmax 1, 0 against 1, 1, agreement 1 / 2.
 *
 * @param rows rows compared
 * @param agreeing rows with the same argmax
 */
public record Top1Agreement(long rows, long agreeing) {
    public Top1Agreement {
        if (rows < 0 || agreeing < 0 || agreeing > rows) {
            throw new IllegalArgumentException("expected 0 <= agreeing <= rows, found " + agreeing + " of " + rows);
        }
    }

    /** Nothing compared yet. */
    public static Top1Agreement empty() {
        return new Top1Agreement(0, 0);
    }

    /** This one plus the rows of {@code classes} scores in {@code ref} and {@code cand}. */
    public Top1Agreement add(float[] ref, float[] cand, int classes) {
        if (classes < 1 || ref.length != cand.length || ref.length % classes != 0) {
            throw new IllegalArgumentException("expected two outputs of one length, a multiple of " + classes + " classes, found "
                    + ref.length + " and " + cand.length);
        }
        int n = ref.length / classes;
        int[] refClasses = new int[n];
        for (int i = 0; i < n; i++) {
            refClasses[i] = argmax(ref, i * classes, classes);
        }
        return add(refClasses, cand, classes);
    }

    /**
     * This one plus {@code cand}'s rows of {@code classes} scores against the reference's arg-max
     * classes ({@link #argmax}, -1 for a row with a NaN: never agrees).
     */
    public Top1Agreement add(int[] refClasses, float[] cand, int classes) {
        if (classes < 1 || cand.length != (long) refClasses.length * classes) {
            throw new IllegalArgumentException("expected " + refClasses.length + " rows of " + classes + " scores, found "
                    + cand.length + " values");
        }
        long same = 0;
        for (int i = 0; i < refClasses.length; i++) {
            same += refClasses[i] >= 0 && refClasses[i] == argmax(cand, i * classes, classes) ? 1 : 0;
        }
        return new Top1Agreement(rows + refClasses.length, agreeing + same);
    }

    /** Index of the largest of {@code count} values from {@code offset} (the first on ties), or -1 when one is NaN. */
    public static int argmax(float[] v, int offset, int count) {
        int best = 0;
        for (int j = 0; j < count; j++) {
            float x = v[offset + j];
            if (Float.isNaN(x)) {
                return -1;
            }
            if (x > v[offset + best]) {
                best = j;
            }
        }
        return best;
    }

    /** {@code agreeing / rows}, NaN when nothing was compared. */
    public double fraction() {
        return rows == 0 ? Double.NaN : (double) agreeing / rows;
    }
}
