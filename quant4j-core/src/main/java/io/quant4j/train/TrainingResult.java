package io.quant4j.train;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of {@link Trainer#fit}.
 *
 * @param finalTop1 validation top-1 after the last epoch (NaN without validation)
 * @param finalTop5 validation top-5 after the last epoch (NaN without validation)
 * @param bestTop1 best validation top-1 (NaN without validation)
 * @param bestEpoch epoch (0-based) of the best validation, or -1
 * @param epochs epochs completed (including those before a resume)
 * @param imagesPerSecond training images per second over the epochs run in this call
 * @param medianStepMs median wall time of one training step in this call (data wait included)
 * @param runDir the run folder
 * @param resumedFrom epochs already completed when this call started (0 for a fresh run)
 * @param stopped whether a callback asked to stop before the last epoch
 * @param history per-epoch metrics, including those before a resume
 */
public record TrainingResult(double finalTop1, double finalTop5, double bestTop1, int bestEpoch, int epochs,
                             double imagesPerSecond, double medianStepMs, Path runDir, int resumedFrom,
                             boolean stopped, List<EpochMetrics> history) {
    public TrainingResult {
        history = List.copyOf(history);
    }
}
