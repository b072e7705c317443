package io.quant4j.nn;

import io.quant4j.tensor.Autograd;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs work on a model in eval mode without gradients, then gives every module back its own
 * train/eval flag (a model may mix them, e.g. frozen batch norms): the one rule for evaluation,
 * tracing and verification.
 */
public final class EvalMode {
    private EvalMode() {}

    /** {@code body} with the model in eval mode and autograd off; flags restored afterwards, also on failure. */
    public static <T> T run(Module model, Supplier<T> body) {
        Map<Module, Boolean> modes = new LinkedHashMap<>();
        model.namedModules().values().forEach(m -> modes.put(m, m.isTraining()));
        try (Autograd.Recording off = Autograd.noGrad()) {
            model.eval();
            return body.get();
        } finally {
            // pre-order, so each module's own flag is set last
            modes.forEach((m, on) -> m.train(on));
        }
    }
}
