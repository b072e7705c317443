package io.quant4j.data;

import java.util.random.RandomGenerator;

/**
 * Mirrors the image left-right with probability {@code p}: {@code out[y][x] = in[y][W-1-x]}.
 *
 * @param p flip probability in {@code [0, 1]}
 */
public record RandomHorizontalFlip(double p) implements Transform {
    public RandomHorizontalFlip {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("expected a probability in [0, 1], found " + p);
        }
    }

    /** Flips half of the images. */
    public RandomHorizontalFlip() {
        this(0.5);
    }

    @Override
    public void apply(float[] image, int offset, ImageShape shape, RandomGenerator rng) {
        if (rng.nextDouble() >= p) {
            return;
        }
        int w = shape.width();
        for (int row = 0; row < shape.channels() * shape.height(); row++) {
            int base = offset + row * w;
            for (int x = 0, y = w - 1; x < y; x++, y--) {
                float t = image[base + x];
                image[base + x] = image[base + y];
                image[base + y] = t;
            }
        }
    }
}
