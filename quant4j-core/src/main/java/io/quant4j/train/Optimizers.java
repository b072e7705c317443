package io.quant4j.train;

import io.quant4j.nn.Module;
import io.quant4j.nn.Parameter;
import java.util.Map;
import java.util.function.Predicate;

/** Creates the {@link Optimizer} a {@link TrainingParams} describes, over a model's parameters. */
public final class Optimizers {
    private Optimizers() {}

    /** The optimizer of {@code params} for every trainable parameter of {@code model}. */
    public static Optimizer create(TrainingParams params, Module model) {
        Map<String, Parameter> ps = model.namedParameters();
        Predicate<String> decay = params.decayAll() ? name -> true : name -> ps.get(name).value().rank() > 1;
        float wd = (float) params.weightDecay();
        return switch (params.optimizer()) {
            case SGD -> new Sgd(ps, (float) params.momentum(), params.nesterov(), wd, decay);
            case ADAM -> new Adam(ps, (float) params.beta1(), (float) params.beta2(), (float) params.eps(), wd, decay);
            case ADAMW -> new AdamW(ps, (float) params.beta1(), (float) params.beta2(), (float) params.eps(), wd, decay);
            case LAMB -> new Lamb(ps, (float) params.beta1(), (float) params.beta2(), (float) params.eps(), wd, decay);
        };
    }
}
