package io.quant4j.train;

import io.quant4j.data.ArrayDataset;
import io.quant4j.data.ImageShape;
import java.util.SplittableRandom;

/**
 * A small learnable image dataset for trainer tests: class {@code c} of 10 has a bright 3x3 block
 * at a class-specific place, over uniform noise.
 */
final class Synthetic {
    private Synthetic() {}

    static ArrayDataset make(int n, int size, long seed) {
        ImageShape shape = new ImageShape(1, size, size);
        byte[] px = new byte[n * shape.size()];
        int[] labels = new int[n];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(10);
            labels[i] = c;
            int base = i * shape.size();
            for (int k = 0; k < shape.size(); k++) {
                px[base + k] = (byte) rng.nextInt(90);
            }
            int top = 1 + (c / 4) * (size - 4) / 2;
            int left = 1 + (c % 4) * (size - 4) / 3;
            for (int y = top; y < top + 3; y++) {
                for (int x = left; x < left + 3; x++) {
                    px[base + y * size + x] = (byte) (170 + rng.nextInt(85));
                }
            }
        }
        return new ArrayDataset("synthetic" + size, shape, 10, px, labels);
    }
}
