package io.quant4j.train;

import java.util.Arrays;
import java.util.Locale;

/** The learning-rate schedules a {@link TrainingParams} can name (see {@link LrSchedule}). */
public enum ScheduleKind {
    /** The same rate throughout. */
    CONSTANT,
    /** Half-cosine from the base rate to {@code base * finalLrRatio}. */
    COSINE,
    /** Multiply by {@code gamma} every {@code stepSize} epochs. */
    STEP;

    /** The kind named {@code name} ({@code constant}, {@code cosine}, {@code step}; any case). */
    public static ScheduleKind parse(String name) {
        for (ScheduleKind k : values()) {
            if (k.name().equalsIgnoreCase(name.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown learning-rate schedule '" + name + "': expected one of "
                + Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
    }

    /** The lowercase name used in recipes and checkpoints. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
