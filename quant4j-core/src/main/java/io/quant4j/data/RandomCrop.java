package io.quant4j.data;

import java.util.random.RandomGenerator;

/**
 * Pads every side by {@code padding} pixels of value {@code fill}, then crops a random window of
 * the original size, as torchvision's {@code RandomCrop(size, padding)}: the window's top-left
 * corner {@code (dy, dx)} is uniform in {@code [0, 2*padding]^2}, and
 * {@code out[y][x] = in[y + dy - padding][x + dx - padding]} (or {@code fill} outside).
 *
 * @param padding pixels added on each side (at least 1)
 * @param fill value of the padding (in the units the image has at this point of the pipeline)
 */
public record RandomCrop(int padding, float fill) implements Transform {
    public RandomCrop {
        if (padding < 1) {
            throw new IllegalArgumentException("expected padding >= 1, found " + padding);
        }
    }

    /** Padding with zeros (black, when applied before {@link Normalize}). */
    public RandomCrop(int padding) {
        this(padding, 0f);
    }

    @Override
    public void apply(float[] image, int offset, ImageShape shape, RandomGenerator rng) {
        int dy = rng.nextInt(2 * padding + 1) - padding;
        int dx = rng.nextInt(2 * padding + 1) - padding;
        shift(image, offset, shape, dy, dx, fill);
    }

    /** {@code out[y][x] = in[y + dy][x + dx]}, {@code fill} where that is outside the image; in place. */
    static void shift(float[] image, int offset, ImageShape shape, int dy, int dx, float fill) {
        int h = shape.height();
        int w = shape.width();
        float[] src = new float[h * w];
        for (int c = 0; c < shape.channels(); c++) {
            int base = offset + c * h * w;
            System.arraycopy(image, base, src, 0, h * w);
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                for (int x = 0; x < w; x++) {
                    int sx = x + dx;
                    image[base + y * w + x] = sy < 0 || sy >= h || sx < 0 || sx >= w ? fill : src[sy * w + sx];
                }
            }
        }
    }
}
