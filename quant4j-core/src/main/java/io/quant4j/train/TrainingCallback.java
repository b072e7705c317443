package io.quant4j.train;

/**
 * Hooks into a {@link Trainer}'s phases; every method does nothing by default. Callbacks run on
 * the training thread, in registration order. Call {@link TrainingContext#requestStop()} to end
 * training after the current step.
 *
 * <pre>{@code
 * trainer.callback(new TrainingCallback() {
 *     public void onEpochEnd(TrainingContext ctx, EpochMetrics m) { log(m); }
 * });
 * }</pre>
 */
public interface TrainingCallback {
    /** Before the first epoch of this call (after a resume has been loaded). */
    default void onTrainStart(TrainingContext ctx) {}

    /** Before the epoch's first step; the model is in training mode. */
    default void onEpochStart(TrainingContext ctx, int epoch) {}

    /** After each optimizer step (tensors valid only during the call). */
    default void onBatchEnd(TrainingContext ctx, StepInfo step) {}

    /** After validating an epoch. */
    default void onValidationEnd(TrainingContext ctx, int epoch, EvalResult result) {}

    /** After an epoch's validation and checkpoints. */
    default void onEpochEnd(TrainingContext ctx, EpochMetrics metrics) {}

    /** After the last epoch (not called when training fails). */
    default void onTrainEnd(TrainingContext ctx, TrainingResult result) {}
}
