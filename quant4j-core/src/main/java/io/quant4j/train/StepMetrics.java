package io.quant4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Training loss and accuracy without a host transfer per step: each step's loss and logits are
 * kept (detached) and read together every few steps by {@link #flush()}, which also finds the
 * first non-finite loss exactly. Accuracy is top-1 against the labels when the loss reads them,
 * else top-1 agreement with the reference output (a teacher's) when both are {@code N x K}, else
 * not counted.
 */
final class StepMetrics implements AutoCloseable {
    /** The first step whose loss was not finite. */
    record NonFinite(int epoch, int batch, long step, float loss, double lr) {}

    private record Pending(int epoch, int batch, long step, double lr, NDArray loss, NDArray logits, long[] labels,
                           NDArray reference) {}

    private final String accuracyName;
    private final NDManager manager = Engines.root().newSubManager();
    private final List<Pending> pending = new ArrayList<>();
    private double lossSum;
    private long lossSteps;
    private ClassificationMetrics accuracy = new ClassificationMetrics();

    /** @param accuracyName what the accuracy is called in status lines ({@code acc}, {@code agree}) */
    StepMetrics(String accuracyName) {
        this.accuracyName = accuracyName;
    }

    /**
     * Keeps a step's loss and output until the next flush.
     *
     * @param labels the batch's labels, or null
     * @param reference the output the loss compared with (null: none); used when {@code labels} is null
     */
    void add(int epoch, int batch, long step, double lr, Tensor loss, Tensor logits, long[] labels, Tensor reference) {
        NDArray l = loss.ndArray().stopGradient();
        l.attach(manager);
        boolean counted = logits.rank() == 2 && (labels != null || (reference != null && reference.rank() == 2));
        NDArray z = null;
        NDArray r = null;
        if (counted) {
            z = logits.ndArray().stopGradient();
            z.attach(manager);
            if (labels == null) {
                r = reference.ndArray().stopGradient();
                r.attach(manager);
            }
        }
        pending.add(new Pending(epoch, batch, step, lr, l, z, labels, r));
    }

    /** Number of steps waiting to be read. */
    int pending() {
        return pending.size();
    }

    /** Reads the kept steps in order; returns the first non-finite one (the rest are dropped), or null. */
    NonFinite flush() {
        NonFinite bad = null;
        for (Pending p : pending) {
            float v = p.loss().toFloatArray()[0];
            if (!Float.isFinite(v)) {
                bad = new NonFinite(p.epoch(), p.batch(), p.step(), v, p.lr());
                break;
            }
            lossSum += v;
            lossSteps++;
            if (p.labels() != null) {
                accuracy.add(p.logits().toFloatArray(), p.labels());
            } else if (p.reference() != null) {
                accuracy.add(p.logits().toFloatArray(), argmaxRows(p.reference().toFloatArray(), p.reference().getShape().get(0)));
            }
        }
        for (Pending p : pending) {
            p.loss().close();
            if (p.logits() != null) {
                p.logits().close();
            }
            if (p.reference() != null) {
                p.reference().close();
            }
        }
        pending.clear();
        return bad;
    }

    /** The first index of each row's largest value ({@code torch.argmax}); rows with a NaN give index 0. */
    private static long[] argmaxRows(float[] values, long rows) {
        int n = (int) rows;
        int k = values.length / n;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (values[i * k + j] > values[i * k + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** What the accuracy is called: {@code acc} (labels) or {@code agree} (a reference output). */
    String accuracyName() {
        return accuracyName;
    }

    /** Mean loss of the steps read since the last reset. */
    double meanLoss() {
        return lossSteps == 0 ? Double.NaN : lossSum / lossSteps;
    }

    /** Top-1 accuracy of the examples read since the last reset. */
    double top1() {
        return accuracy.top1();
    }

    /**
     * The status shown with a progress count: loss, accuracy and images/s; before the first
     * {@link #flush()} of the epoch only images/s, as nothing was read yet (a non-finite loss
     * fails the run when it is read, so a NaN shown would only mean "not read").
     */
    String status(double imagesPerSecond) {
        if (lossSteps == 0) {
            return String.format(Locale.ROOT, "%.0f img/s", imagesPerSecond);
        }
        // cross-entropy reads well with 4 decimals; distillation losses can be far below 1e-4
        String loss = String.format(Locale.ROOT, accuracyName.equals("acc") ? "%.4f" : "%.4g", meanLoss());
        if (Double.isNaN(top1())) {
            return String.format(Locale.ROOT, "loss %s %.0f img/s", loss, imagesPerSecond);
        }
        return String.format(Locale.ROOT, "loss %s %s %.2f%% %.0f img/s", loss, accuracyName, top1() * 100, imagesPerSecond);
    }

    /** Forgets the sums (new epoch). */
    void reset() {
        lossSum = 0;
        lossSteps = 0;
        accuracy = new ClassificationMetrics();
    }

    @Override
    public void close() {
        pending.clear();
        manager.close();
    }
}
