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
 * first non-finite loss exactly.
 */
final class StepMetrics implements AutoCloseable {
    /** The first step whose loss was not finite. */
    record NonFinite(int epoch, int batch, long step, float loss, double lr) {}

    private record Pending(int epoch, int batch, long step, double lr, NDArray loss, NDArray logits, long[] labels) {}

    private final NDManager manager = Engines.root().newSubManager();
    private final List<Pending> pending = new ArrayList<>();
    private double lossSum;
    private long lossSteps;
    private ClassificationMetrics accuracy = new ClassificationMetrics();

    /** Keeps a step's loss and logits until the next flush. */
    void add(int epoch, int batch, long step, double lr, Tensor loss, Tensor logits, long[] labels) {
        NDArray l = loss.ndArray().stopGradient();
        l.attach(manager);
        NDArray z = logits.ndArray().stopGradient();
        z.attach(manager);
        pending.add(new Pending(epoch, batch, step, lr, l, z, labels));
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
            accuracy.add(p.logits().toFloatArray(), p.labels());
        }
        for (Pending p : pending) {
            p.loss().close();
            p.logits().close();
        }
        pending.clear();
        return bad;
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
        return String.format(Locale.ROOT, "loss %.4f acc %.2f%% %.0f img/s", meanLoss(), top1() * 100, imagesPerSecond);
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
