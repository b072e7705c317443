package io.quant4j.recipe;

import io.quant4j.train.OptimizerKind;
import java.util.Arrays;
import java.util.List;

/**
 * {@code training_hyperparams:} of a recipe (SuperGradients' key names where they exist).
 *
 * @param maxEpochs epochs
 * @param optimizer an {@link OptimizerKind} id: {@code sgd}, {@code adam}, {@code adamw} or {@code lamb}
 * @param optimizerParams momentum, nesterov, weight decay, betas, eps
 * @param zeroWeightDecayOnBiasAndBn exempt biases and norm weights (1-D parameters) from weight decay
 * @param initialLr base learning rate
 * @param lrMode {@code cosine}, {@code step} or {@code constant}
 * @param cosineFinalLrRatio cosine end rate as a fraction of {@code initial_lr}
 * @param lrSchedulePerStep cosine anneals every step (true) or once per epoch
 * @param lrStepEpochs step mode: epochs between decays
 * @param lrStepGamma step mode: decay factor
 * @param lrWarmupEpochs linear warmup epochs (0: none)
 * @param warmupMode {@code linear_epoch} (SuperGradients' default LinearEpochLRWarmup: the rate steps
 *     up once per epoch, from {@code warmup_initial_lr}, else {@code initial_lr / (lr_warmup_epochs + 1)})
 *     or {@code linear_batch} (every step, LinearBatchLRWarmup)
 * @param warmupInitialLr learning rate the warmup starts from (null: see warmup_mode)
 * @param labelSmoothing label smoothing of the cross-entropy loss
 * @param ema keep an exponential moving average of the weights
 * @param emaDecay EMA decay per step
 * @param seed seed of shuffles, transforms and PyTorch's generator
 * @param maxTrainBatches stop each epoch after this many batches (0: all), for smoke tests
 * @param phaseCallbacks named training callbacks ({@code lr_logger})
 * @param freezeBnStats BatchNorm layers keep their running statistics while training (affine weights train)
 * @param criterionParams the loss ({@link CriterionParams}: distillation for ONNX models)
 */
public record TrainingHyperparams(int maxEpochs, String optimizer, OptimizerParams optimizerParams,
                                  boolean zeroWeightDecayOnBiasAndBn, double initialLr, String lrMode,
                                  double cosineFinalLrRatio, boolean lrSchedulePerStep, int lrStepEpochs, double lrStepGamma,
                                  double lrWarmupEpochs, String warmupMode, Double warmupInitialLr, double labelSmoothing, boolean ema,
                                  double emaDecay, long seed, int maxTrainBatches, List<String> phaseCallbacks,
                                  boolean freezeBnStats, CriterionParams criterionParams) {
    public TrainingHyperparams {
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("expected max_epochs >= 1, found " + maxEpochs);
        }
        if (Arrays.stream(OptimizerKind.values()).noneMatch(k -> k.id().equals(optimizer))) {
            throw new IllegalArgumentException("expected optimizer one of "
                    + Arrays.stream(OptimizerKind.values()).map(OptimizerKind::id).toList() + ", found '" + optimizer + "'");
        }
        if (!List.of("cosine", "step", "constant").contains(lrMode)) {
            throw new IllegalArgumentException("expected lr_mode cosine, step or constant, found '" + lrMode + "'");
        }
        if (!List.of("linear_epoch", "linear_batch").contains(warmupMode)) {
            throw new IllegalArgumentException("expected warmup_mode linear_epoch or linear_batch, found '" + warmupMode + "'");
        }
        if (!(initialLr > 0)) {
            throw new IllegalArgumentException("expected initial_lr > 0, found " + initialLr);
        }
        if (optimizerParams == null) {
            throw new IllegalArgumentException("expected optimizer_params, found null");
        }
        phaseCallbacks = phaseCallbacks == null ? List.of() : List.copyOf(phaseCallbacks);
        criterionParams = criterionParams == null ? CriterionParams.defaults() : criterionParams;
        for (String c : phaseCallbacks) {
            if (!PhaseCallbacks.NAMES.contains(c)) {
                throw new IllegalArgumentException("unknown phase callback '" + c + "'; known: " + PhaseCallbacks.NAMES);
            }
        }
    }

    /** The reference workload: SGD momentum 0.9, wd 5e-4, lr 0.1 cosine to 0 per step, 3 epochs, seed 0. */
    public static TrainingHyperparams defaults() {
        return new TrainingHyperparams(3, "sgd", OptimizerParams.defaults(), false, 0.1, "cosine", 0.0, true, 30, 0.1,
                0.0, "linear_epoch", null, 0.0, false, 0.9999, 0L, 0, List.of(), false, CriterionParams.defaults());
    }
}
