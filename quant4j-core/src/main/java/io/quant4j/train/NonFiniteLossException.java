package io.quant4j.train;

import io.quant4j.errors.Quant4jException;

/**
 * The training loss became NaN or infinite. Training stopped; no checkpoint was written after the
 * last good epoch.
 */
public class NonFiniteLossException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;
    private final long globalStep;

    public NonFiniteLossException(int epoch, int batch, long globalStep, float loss, double lr, String where, String lastGood) {
        super("training loss became " + loss + " at epoch " + (epoch + 1) + ", batch " + (batch + 1)
                        + " (global step " + (globalStep + 1) + ", learning rate " + lr + "): expected a finite loss",
                where,
                "Lower the learning rate or add warmup. "
                        + (lastGood == null ? "No epoch had completed, so there is no checkpoint."
                        : "The last good checkpoint is kept: " + lastGood + "."), null);
        this.epoch = epoch;
        this.batch = batch;
        this.globalStep = globalStep;
    }

    /** Epoch of the bad step (0-based). */
    public int epoch() {
        return epoch;
    }

    /** Batch of the bad step within its epoch (0-based). */
    public int batch() {
        return batch;
    }

    /** Global index of the bad step (0-based). */
    public long globalStep() {
        return globalStep;
    }
}
