package io.quant4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TransformsTest {
    private static final ImageShape S = new ImageShape(1, 3, 3);

    private static float[] ramp() {
        return new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9};
    }

    @Test
    void normalizeIsFashionMnistFormula() {
        float[] x = {0f, 1f, 0.2860f};
        Normalize.FASHION_MNIST.apply(x, 0, new ImageShape(1, 1, 3), new SplittableRandom(0));
        assertThat(x[0]).isCloseTo(-0.81020f, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(x[1]).isCloseTo(2.02266f, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(x[2]).isZero();
    }

    @Test
    void normalizeIsPerChannelAndChecksCounts() {
        float[] x = {1, 1, 1, 1};
        new Normalize(new float[] {0.5f, 1f}, new float[] {0.5f, 2f}).apply(x, 0, new ImageShape(2, 1, 2), new SplittableRandom(0));
        assertThat(x).containsExactly(1f, 1f, 0f, 0f);
        assertThatThrownBy(() -> new Normalize(new float[] {0f}, new float[] {0f})).hasMessageContaining("positive");
        assertThatThrownBy(() -> new Normalize(new float[] {0f, 0f}, new float[] {1f, 1f})
                .apply(new float[27], 0, new ImageShape(3, 3, 3), new SplittableRandom(0))).hasMessageContaining("expected 1 or 3");
    }

    @Test
    void shiftMovesContentAndFillsTheBorder() {
        float[] x = ramp();
        RandomCrop.shift(x, 0, S, 1, -1, 0f);   // out[y][x] = in[y+1][x-1]
        assertThat(x).containsExactly(0, 4, 5, 0, 7, 8, 0, 0, 0);
        float[] y = ramp();
        RandomCrop.shift(y, 0, S, 0, 0, 0f);
        assertThat(y).containsExactly(ramp());
    }

    @Test
    void randomCropIsAWindowOfThePaddedImage() {
        RandomCrop crop = new RandomCrop(1, -1f);
        int identical = 0;
        for (int seed = 0; seed < 40; seed++) {
            float[] x = ramp();
            crop.apply(x, 0, S, new SplittableRandom(seed));
            int fills = 0;
            for (float v : x) {
                fills += v == -1f ? 1 : 0;
            }
            assertThat(fills).isIn(0, 3, 5);  // none, one edge, or a corner's two edges
            identical += java.util.Arrays.equals(x, ramp()) ? 1 : 0;
            float[] again = ramp();
            crop.apply(again, 0, S, new SplittableRandom(seed));
            assertThat(again).isEqualTo(x);
        }
        assertThat(identical).isBetween(1, 15); // offset (0,0) has probability 1/9
    }

    @Test
    void flipMirrorsRowsWithProbabilityP() {
        float[] x = ramp();
        new RandomHorizontalFlip(1.0).apply(x, 0, S, new SplittableRandom(1));
        assertThat(x).containsExactly(3, 2, 1, 6, 5, 4, 9, 8, 7);
        float[] y = ramp();
        new RandomHorizontalFlip(0.0).apply(y, 0, S, new SplittableRandom(1));
        assertThat(y).containsExactly(ramp());
        int flipped = 0;
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 1000; i++) {
            float[] z = {1, 2};
            new RandomHorizontalFlip().apply(z, 0, new ImageShape(1, 1, 2), rng);
            flipped += z[0] == 2 ? 1 : 0;
        }
        assertThat(flipped).isBetween(430, 570);
    }

    @Test
    void transformsWorkAtAnOffsetInsideTheBatchBuffer() {
        float[] batch = new float[18];
        System.arraycopy(ramp(), 0, batch, 9, 9);
        new RandomHorizontalFlip(1.0).apply(batch, 9, S, new SplittableRandom(0));
        assertThat(java.util.Arrays.copyOfRange(batch, 0, 9)).containsOnly(0f);
        assertThat(java.util.Arrays.copyOfRange(batch, 9, 18)).containsExactly(3, 2, 1, 6, 5, 4, 9, 8, 7);
    }
}
