package io.quant4j.train;

import io.quant4j.nn.Module;
import java.util.LinkedHashMap;
import java.util.Map;

/** Saves and restores each module's train/eval flag (a model may mix them, e.g. frozen batch norms). */
final class TrainModes {
    private TrainModes() {}

    /** The flags of every module, in pre-order. */
    static Map<Module, Boolean> save(Module model) {
        Map<Module, Boolean> out = new LinkedHashMap<>();
        model.namedModules().values().forEach(m -> out.put(m, m.isTraining()));
        return out;
    }

    /** Restores flags saved by {@link #save}: pre-order, so each module's own flag is set last. */
    static void restore(Map<Module, Boolean> modes) {
        modes.forEach((m, on) -> m.train(on));
    }
}
