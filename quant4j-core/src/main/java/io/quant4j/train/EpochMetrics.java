package io.quant4j.train;

/**
 * What one training epoch gave.
 *
 * @param epoch epoch (0-based)
 * @param globalStep optimizer steps taken at its end
 * @param trainLoss mean training loss (with label smoothing) over its steps
 * @param trainTop1 training top-1 accuracy (train-mode forward) in {@code [0, 1]}
 * @param lastLr learning rate of its last step
 * @param trainSeconds wall time of its training steps (validation and checkpoints excluded)
 * @param imagesPerSecond training images per second
 * @param validation validation result, or null when not validated this epoch
 * @param best whether it set a new best validation top-1
 */
public record EpochMetrics(int epoch, long globalStep, double trainLoss, double trainTop1, double lastLr,
                           double trainSeconds, double imagesPerSecond, EvalResult validation, boolean best) {}
