package io.quant4j.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SuperGradients' {@code QATRecipeModificationCallback}: turns a training recipe into a QAT recipe
 * by rules of thumb. With parameters {@link QatModificationParams}:
 * <ul>
 *   <li>{@code learn_amax} on: train and val batch sizes {@code = max(1, size / batch_size_divisor)};
 *   <li>{@code max_epochs = max(1, max_epochs / max_epochs_divisor)} (integer division);
 *   <li>{@code initial_lr *= lr_decay_factor}; {@code warmup_initial_lr *= lr_decay_factor}, or
 *       {@code initial_lr * 0.01} (after decay) when unset; {@code weight_decay *= lr_decay_factor};
 *   <li>{@code lr_mode = cosine} with {@code cosine_final_lr_ratio};
 *   <li>{@code lr_warmup_epochs = max_epochs / warmup_epochs_divisor}, or 1 when that is 0;
 *   <li>{@code ema = false};
 *   <li>{@code disable_phase_callbacks}: {@code phase_callbacks = []};
 *   <li>{@code disable_augmentations}: training uses no augmentation (the validation transforms).
 * </ul>
 */
public final class QatRecipeModification {
    private QatRecipeModification() {}

    /**
     * The modified recipe and what changed.
     *
     * @param recipe the QAT recipe
     * @param changes one readable line per changed value
     */
    public record Result(Recipe recipe, List<String> changes) {}

    /** Applies every {@code QATRecipeModificationCallback} of the recipe, in order. */
    public static Result applyCallbacks(Recipe r) {
        List<String> changes = new ArrayList<>();
        Recipe out = r;
        for (var cb : r.preLaunchCallbacks()) {
            QatModificationParams p = cb.get(Recipe.QAT_MODIFICATION);
            if (p != null) {
                Result one = apply(out, p);
                out = one.recipe();
                changes.addAll(one.changes());
            }
        }
        return new Result(out, changes);
    }

    /** Applies one modification. */
    public static Result apply(Recipe r, QatModificationParams p) {
        List<String> changes = new ArrayList<>();
        TrainingHyperparams t = r.trainingHyperparams();
        DatasetParams d = r.datasetParams();
        if (r.quantizationParams().selectiveQuantizerParams().learnAmax()) {
            LoaderParams train = d.trainDataloaderParams();
            LoaderParams val = d.valDataloaderParams();
            LoaderParams nt = train.withBatchSize(Math.max(1, train.batchSize() / p.batchSizeDivisor()));
            LoaderParams nv = val.withBatchSize(Math.max(1, val.batchSize() / p.batchSizeDivisor()));
            changes.add("batch sizes " + train.batchSize() + "/" + val.batchSize() + " -> " + nt.batchSize() + "/" + nv.batchSize()
                    + " (learn_amax)");
            d = d.withLoaders(nt, nv);
        }
        int epochs = Math.max(1, t.maxEpochs() / p.maxEpochsDivisor());
        double lr = t.initialLr() * p.lrDecayFactor();
        double warmupLr = t.warmupInitialLr() != null ? t.warmupInitialLr() * p.lrDecayFactor() : lr * 0.01;
        double wd = t.optimizerParams().weightDecay() * p.lrDecayFactor();
        int warmup = epochs / p.warmupEpochsDivisor();
        if (warmup == 0) {
            warmup = 1;
        }
        changes.add("max_epochs " + t.maxEpochs() + " -> " + epochs);
        changes.add(String.format(Locale.ROOT, "initial_lr %g -> %g, warmup_initial_lr -> %g, weight_decay %g -> %g",
                t.initialLr(), lr, warmupLr, t.optimizerParams().weightDecay(), wd));
        changes.add("lr_mode " + t.lrMode() + " -> cosine (final ratio " + p.cosineFinalLrRatio() + "), lr_warmup_epochs "
                + t.lrWarmupEpochs() + " -> " + warmup);
        if (t.ema()) {
            changes.add("ema disabled");
        }
        List<String> callbacks = t.phaseCallbacks();
        if (p.disablePhaseCallbacks() && !callbacks.isEmpty()) {
            changes.add("phase_callbacks " + callbacks + " disabled");
            callbacks = List.of();
        }
        if (p.disableAugmentations() && d.trainTransforms().any()) {
            changes.add("train_transforms disabled");
            d = d.withTrainTransforms(TransformParams.defaults());
        }
        TrainingHyperparams nt = new TrainingHyperparams(epochs, t.optimizer(), t.optimizerParams().withWeightDecay(wd),
                t.zeroWeightDecayOnBiasAndBn(), lr, "cosine", p.cosineFinalLrRatio(), t.lrSchedulePerStep(), t.lrStepEpochs(),
                t.lrStepGamma(), warmup, t.warmupMode(), warmupLr, t.labelSmoothing(), false, t.emaDecay(), t.seed(), t.maxTrainBatches(),
                callbacks, t.freezeBnStats(), t.criterionParams());
        Recipe out = new Recipe(r.recipeVersion(), r.experimentName(), r.runRoot(), r.model(), d, nt, r.quantizationParams(),
                List.of());
        return new Result(out, changes);
    }
}
