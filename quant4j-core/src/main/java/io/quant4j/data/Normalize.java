package io.quant4j.data;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Per-channel normalization, as torchvision's {@code Normalize}: {@code x = (x - mean[c]) / std[c]}
 * on values already scaled to {@code [0, 1]}. For Fashion-MNIST:
 * {@code (u8/255 - 0.2860) / 0.3530}, so a black pixel becomes {@code -0.8102} and a white one
 * {@code 2.0227}.
 */
public final class Normalize implements Transform {
    /** Fashion-MNIST's training-set statistics: mean 0.2860, std 0.3530. */
    public static final Normalize FASHION_MNIST = new Normalize(new float[] {0.2860f}, new float[] {0.3530f});
    /** MNIST's training-set statistics: mean 0.1307, std 0.3081. */
    public static final Normalize MNIST = new Normalize(new float[] {0.1307f}, new float[] {0.3081f});

    private final float[] mean;
    private final float[] std;

    /** One mean and one standard deviation per channel (one value each applies to all channels). */
    public Normalize(float[] mean, float[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("expected as many means as standard deviations (at least one), found "
                    + mean.length + " and " + std.length);
        }
        for (float s : std) {
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("expected positive finite standard deviations, found " + Arrays.toString(std));
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    @Override
    public void apply(float[] image, int offset, ImageShape shape, RandomGenerator rng) {
        if (mean.length != 1 && mean.length != shape.channels()) {
            throw new IllegalArgumentException("expected 1 or " + shape.channels() + " normalization values for images "
                    + shape + ", found " + mean.length);
        }
        int plane = shape.plane();
        for (int c = 0; c < shape.channels(); c++) {
            float m = mean[mean.length == 1 ? 0 : c];
            float sd = std[std.length == 1 ? 0 : c];
            int start = offset + c * plane;
            for (int i = start; i < start + plane; i++) {
                image[i] = (image[i] - m) / sd;
            }
        }
    }

    /** The per-channel means. */
    public float[] mean() {
        return mean.clone();
    }

    /** The per-channel standard deviations. */
    public float[] std() {
        return std.clone();
    }

    @Override
    public String toString() {
        return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
    }
}
