package io.quant4j.cli;

import io.quant4j.errors.Quant4jException;

/** Parses shapes written as {@code 1x1x28x28}. */
public final class Shapes {
    private Shapes() {}

    /** {@code "1x3x224x224"} to {@code [1, 3, 224, 224]}. */
    public static long[] parse(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        long[] out = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                out[i] = Long.parseLong(parts[i]);
                if (out[i] < 1) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            throw new Quant4jException("cannot read shape '" + text + "': expected positive integers joined by 'x'",
                    "Write it like 1x1x28x28 (N x C x H x W).");
        }
        return out;
    }
}
