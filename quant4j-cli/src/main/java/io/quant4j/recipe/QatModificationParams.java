package io.quant4j.recipe;

/**
 * Parameters of {@code QATRecipeModificationCallback} (SuperGradients' rules of thumb for turning
 * a training recipe into a QAT recipe). Each knob's effect is in {@link QatRecipeModification}.
 *
 * @param batchSizeDivisor divide train and val batch sizes by this when {@code learn_amax} is on
 * @param maxEpochsDivisor {@code max_epochs = max(1, max_epochs / this)}
 * @param lrDecayFactor multiplies {@code initial_lr}, {@code warmup_initial_lr} and the weight decay
 * @param warmupEpochsDivisor {@code lr_warmup_epochs = max_epochs / this, or 1 when that is 0}
 * @param cosineFinalLrRatio the QAT run anneals with cosine to this ratio of its initial lr
 * @param disablePhaseCallbacks drop the recipe's phase callbacks
 * @param disableAugmentations train on unaugmented images
 */
public record QatModificationParams(int batchSizeDivisor, int maxEpochsDivisor, double lrDecayFactor, int warmupEpochsDivisor,
                                    double cosineFinalLrRatio, boolean disablePhaseCallbacks, boolean disableAugmentations) {
    public QatModificationParams {
        if (batchSizeDivisor < 1 || maxEpochsDivisor < 1 || warmupEpochsDivisor < 1) {
            throw new IllegalArgumentException("expected divisors >= 1, found batch_size_divisor " + batchSizeDivisor
                    + ", max_epochs_divisor " + maxEpochsDivisor + ", warmup_epochs_divisor " + warmupEpochsDivisor);
        }
        if (!(lrDecayFactor > 0) || !(cosineFinalLrRatio >= 0 && cosineFinalLrRatio <= 1)) {
            throw new IllegalArgumentException("expected lr_decay_factor > 0 and cosine_final_lr_ratio in [0, 1], found "
                    + lrDecayFactor + ", " + cosineFinalLrRatio);
        }
    }

    /** SuperGradients' defaults. */
    public static QatModificationParams defaults() {
        return new QatModificationParams(2, 10, 0.01, 10, 0.01, true, false);
    }
}
