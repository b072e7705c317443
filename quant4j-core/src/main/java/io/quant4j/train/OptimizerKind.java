package io.quant4j.train;

import java.util.Arrays;
import java.util.Locale;

/** The optimizers a {@link TrainingParams} can name. */
public enum OptimizerKind {
    /** {@link Sgd}: momentum, nesterov, L2 weight decay. */
    SGD,
    /** {@link Adam}: L2 weight decay added to the gradient. */
    ADAM,
    /** {@link AdamW}: decoupled weight decay. */
    ADAMW,
    /** {@link Lamb}: AdamW's direction, each tensor moved by the learning rate times its norm. */
    LAMB;

    /** The kind named {@code name} ({@code sgd}, {@code adam}, {@code adamw}, {@code lamb}; any case). */
    public static OptimizerKind parse(String name) {
        for (OptimizerKind k : values()) {
            if (k.name().equalsIgnoreCase(name.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown optimizer '" + name + "': expected one of "
                + Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
    }

    /** The lowercase name used in recipes and checkpoints. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
