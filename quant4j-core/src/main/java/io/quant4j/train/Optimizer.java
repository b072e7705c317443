package io.quant4j.train;

import io.quant4j.nn.Parameter;
import io.quant4j.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their accumulated gradients. PyTorch's update rules; one instance per
 * model. State (momentum buffers, Adam moments) is keyed by parameter name so that it can be
 * checkpointed and restored. Parameters without a gradient in a step are skipped, as in PyTorch.
 */
public sealed interface Optimizer permits Sgd, Adam {
    /** Applies one update with learning rate {@code lr} to every trainable parameter, then zeroes the gradients. */
    void step(float lr);

    /** The parameters it updates, by name. */
    Map<String, Parameter> parameters();

    /**
     * Optimizer state tensors by {@code <param name>.<state name>} with PyTorch's state names
     * ({@code momentum_buffer}, {@code exp_avg}, {@code exp_avg_sq}, {@code step}), as new tensors
     * in the current scope (call it inside a {@link io.quant4j.tensor.Scope}).
     */
    Map<String, Tensor> state();

    /** Restores state saved by {@link #state()} (values are copied); missing entries start fresh. */
    void loadState(Map<String, Tensor> state);

    /** Number of steps taken. */
    long steps();

    /** Sets the number of steps taken (when resuming). */
    void steps(long n);

    /** Names of the parameters that get weight decay. */
    List<String> decayed();

    /** The kind, as in recipes: {@code sgd}, {@code adam}, {@code adamw} or {@code lamb}. */
    String kind();

    /** Frees the state tensors. */
    void close();
}
