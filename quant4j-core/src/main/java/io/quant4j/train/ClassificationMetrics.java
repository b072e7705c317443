package io.quant4j.train;

/**
 * Running top-1 / top-5 accuracy and mean cross-entropy over batches of logits, on the host.
 *
 * <p>Top-1 is correct when the first index of the largest logit is the label (as
 * {@code torch.argmax}); top-k when fewer than k classes rank before the label, a class ranking
 * before it when its logit is larger, or equal with a smaller index. A row with a NaN logit is
 * never correct (NaN compares false with everything, so it would otherwise rank first). The loss is
 * {@code logsumexp(z) - z[label]} computed in double, without label smoothing.
 */
public final class ClassificationMetrics {
    private long count;
    private long top1;
    private long top5;
    private double lossSum;

    /** Adds a batch: {@code logits} is {@code N x K} row-major, {@code labels} has N entries. */
    public void add(float[] logits, long[] labels) {
        int n = labels.length;
        if (n == 0) {
            return;
        }
        if (logits.length % n != 0) {
            throw new IllegalArgumentException("expected N x K logits for N = " + n + " labels, found " + logits.length + " values");
        }
        int k = logits.length / n;
        for (int i = 0; i < n; i++) {
            int base = i * k;
            int y = (int) labels[i];
            if (y < 0 || y >= k) {
                throw new IllegalArgumentException("expected labels in 0.." + (k - 1) + ", found " + y + " at row " + i);
            }
            float zy = logits[base + y];
            int before = 0;
            double max = Double.NEGATIVE_INFINITY;
            boolean nan = false;
            for (int j = 0; j < k; j++) {
                float z = logits[base + j];
                if (z > zy || (z == zy && j < y)) {
                    before++;
                }
                nan |= Float.isNaN(z);
                max = Math.max(max, z);
            }
            if (nan) {
                before = k;
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(logits[base + j] - max);
            }
            lossSum += max + Math.log(sum) - zy;
            if (before == 0) {
                top1++;
            }
            if (before < 5) {
                top5++;
            }
        }
        count += n;
    }

    /** Examples seen. */
    public long count() {
        return count;
    }

    /** Top-1 accuracy in {@code [0, 1]} (NaN before any example). */
    public double top1() {
        return count == 0 ? Double.NaN : (double) top1 / count;
    }

    /** Top-5 accuracy in {@code [0, 1]} (1 when there are at most 5 classes). */
    public double top5() {
        return count == 0 ? Double.NaN : (double) top5 / count;
    }

    /** Mean cross-entropy (no label smoothing). */
    public double loss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    /** Number of top-1 hits. */
    public long top1Correct() {
        return top1;
    }
}
