package io.quant4j.recipe;

import io.quant4j.train.TrainingCallback;
import io.quant4j.train.TrainingContext;
import java.io.PrintStream;
import java.util.List;

/**
 * Training callbacks a recipe can name under {@code training_hyperparams.phase_callbacks}.
 * {@code lr_logger} prints the learning rate at the start of every epoch.
 */
public final class PhaseCallbacks {
    /** The names recipes may use. */
    public static final List<String> NAMES = List.of("lr_logger");

    private PhaseCallbacks() {}

    /** The callback of a name. */
    public static TrainingCallback create(String name, PrintStream out) {
        if ("lr_logger".equals(name)) {
            return new TrainingCallback() {
                @Override
                public void onEpochStart(TrainingContext ctx, int epoch) {
                    long step = (long) epoch * ctx.stepsPerEpoch();
                    out.printf(java.util.Locale.ROOT, "epoch %d: lr %.6g%n", epoch, ctx.schedule().lr(step));
                }
            };
        }
        throw new IllegalArgumentException("unknown phase callback '" + name + "'; known: " + NAMES);
    }
}
