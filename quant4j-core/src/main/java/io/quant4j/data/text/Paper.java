package io.quant4j.data.text;

import java.util.random.RandomGenerator;

/**
 * A paper-like background, drawn before the text, and the mild degradations applied after it.
 * <pre>
 *   before:  pixel(y, x, c) = clamp(base[c] + gradient * (2 y / (H - 1) - 1))
 *   after:   optional 3x3 binomial blur ([1 2 1] x [1 2 1] / 16), then optional grey noise
 *            pixel += round(N(0, noise^2)), the same for the three channels, clamped to 0..255
 * </pre>
 * Half the papers are white ({@code base} 246..255 grey), the others tinted (warm, cool or grey,
 * channels 215..250); the gradient is at most 8 levels and the noise sigma at most 5 levels, so
 * that, noise aside, the paper's luma stays at least 130 levels above the ink's ({@link Ink}).
 */
record Paper(int[] base, double gradient, boolean blur, double noise) {
    static Paper random(RandomGenerator rng) {
        int[] base;
        if (rng.nextBoolean()) {
            int v = 246 + rng.nextInt(10);
            base = new int[] {v, v, v};
        } else {
            int v = 230 + rng.nextInt(21);
            base = switch (rng.nextInt(3)) {
                case 0 -> new int[] {v, v - 4 - rng.nextInt(4), v - 8 - rng.nextInt(8)};
                case 1 -> new int[] {v - 6 - rng.nextInt(4), v - 3, v};
                default -> new int[] {v - 2, v - 2, v - 2};
            };
        }
        double gradient = rng.nextInt(10) < 4 ? rng.nextDouble(2, 8) : 0;
        boolean blur = rng.nextInt(10) < 3;
        double noise = rng.nextBoolean() ? rng.nextDouble(1.5, 5) : 0;
        return new Paper(base, gradient, blur, noise);
    }

    /** Fills {@code rgb} (packed {@code 0xRRGGBB}, {@code h x w}) with the paper. */
    void paint(int[] rgb, int w, int h) {
        for (int y = 0; y < h; y++) {
            double shift = h == 1 ? 0 : gradient * (2.0 * y / (h - 1) - 1);
            int r = clamp(base[0] + shift);
            int g = clamp(base[1] + shift);
            int b = clamp(base[2] + shift);
            java.util.Arrays.fill(rgb, y * w, (y + 1) * w, (r << 16) | (g << 8) | b);
        }
    }

    /** Applies blur and noise to the finished image. */
    void degrade(int[] rgb, int w, int h, RandomGenerator rng) {
        if (blur) {
            blur(rgb, w, h);
        }
        if (noise > 0) {
            for (int i = 0; i < rgb.length; i++) {
                int n = (int) Math.round(rng.nextGaussian() * noise);
                int p = rgb[i];
                rgb[i] = (clamp(((p >> 16) & 0xFF) + n) << 16) | (clamp(((p >> 8) & 0xFF) + n) << 8) | clamp((p & 0xFF) + n);
            }
        }
    }

    private static void blur(int[] rgb, int w, int h) {
        int[] src = rgb.clone();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = 0;
                int g = 0;
                int b = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = Math.min(h - 1, Math.max(0, y + dy));
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = Math.min(w - 1, Math.max(0, x + dx));
                        int k = (dy == 0 ? 2 : 1) * (dx == 0 ? 2 : 1);
                        int p = src[yy * w + xx];
                        r += k * ((p >> 16) & 0xFF);
                        g += k * ((p >> 8) & 0xFF);
                        b += k * (p & 0xFF);
                    }
                }
                rgb[y * w + x] = (((r + 8) >> 4) << 16) | (((g + 8) >> 4) << 8) | ((b + 8) >> 4);
            }
        }
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
