package io.quant4j.nn;

import io.quant4j.tensor.Tensor;

/**
 * Observes every module's forward on this thread while registered through
 * {@link Module#listen(ForwardListener)} (summaries with output shapes, activation statistics).
 */
@FunctionalInterface
public interface ForwardListener {
    /**
     * Called after a module's forward returned.
     *
     * @param path dotted path from the outermost running module ({@code ""} for it)
     * @param module the module
     * @param input its input
     * @param output its output
     */
    void afterForward(String path, Module module, Tensor input, Tensor output);
}
