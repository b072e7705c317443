package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.data.ImageShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomResizedCropTest {
    private static final RandomResizedCrop RRC = new RandomResizedCrop(224);

    @Test
    void drawsScaleThenRatioAndRetriesBoxesThatDoNotFit() {
        // 100 x 200, area 20000. Attempt 1: scale 0.08 + 0.92 * 0.5 = 0.54 -> 10800, ratio exp(0) = 1 -> 104 x 104: too tall.
        // Attempt 2: 1600 at ratio 3/4 -> w = round(sqrt(1200)) = 35, h = round(sqrt(2133.3)) = 46; top in [0, 55), left in [0, 166).
        ScriptedRandom rng = new ScriptedRandom().doubles(0.5, 0.5, 0.0, 0.0).nextIntFor(55, 7).nextIntFor(166, 9);
        assertThat(RRC.params(100, 200, rng)).isEqualTo(new CropBox(7, 9, 46, 35));
        assertThat(rng.exhausted()).isTrue();
    }

    @Test
    void afterTenMissesItCropsTheCentreWithTheRatioClamped() {
        RandomResizedCrop whole = new RandomResizedCrop(8, 8, 1.0, 1.0, 3.0 / 4, 4.0 / 3);
        // a 10 x 100 image cannot hold its whole area at ratio <= 4/3: w = 10 * 4/3 -> 13, left = (100 - 13) // 2
        assertThat(whole.params(10, 100, new SplittableRandom(1))).isEqualTo(new CropBox(0, 43, 10, 13));
        assertThat(whole.params(100, 10, new SplittableRandom(1))).isEqualTo(new CropBox(43, 0, 13, 10));
        assertThat(whole.params(30, 30, new SplittableRandom(1))).isEqualTo(new CropBox(0, 0, 30, 30));
    }

    @Test
    void boxesLieInsideWithinScaleAndRatioAndRepeatPerSeed() {
        SplittableRandom sizes = new SplittableRandom(11);
        for (int trial = 0; trial < 500; trial++) {
            int h = 20 + sizes.nextInt(500);
            int w = 20 + sizes.nextInt(500);
            CropBox box = RRC.params(h, w, new SplittableRandom(trial));
            assertThat(box.inside(h, w)).as("trial %d: %s in %dx%d", trial, box, h, w).isTrue();
            assertThat(RRC.params(h, w, new SplittableRandom(trial))).isEqualTo(box);
            double fraction = (double) box.height() * box.width() / ((double) h * w);
            double ratio = (double) box.width() / box.height();
            boolean centreFallback = box.height() == h || box.width() == w;
            if (!centreFallback && box.height() > 20 && box.width() > 20) {   // rounding moves small boxes a little
                assertThat(fraction).as("area fraction").isBetween(0.07, 1.01);
                assertThat(ratio).as("aspect ratio").isBetween(0.7, 1.43);
            }
        }
    }

    @Test
    void cropThenResizeToTheExactSize() {
        Image8 img = BilinearResamplerTest.noise(60, 80, 3, 4);
        CropBox box = new CropBox(5, 7, 33, 41);
        Image8 out = new RandomResizedCrop(24, 20, 0.08, 1, 0.75, 4.0 / 3).apply(img, box);
        assertThat(out).isEqualTo(new Resize(24, 20).apply(img.crop(5, 7, 33, 41), new SplittableRandom(0)));
        assertThat(RRC.apply(img, new SplittableRandom(3)).shape()).isEqualTo(new ImageShape(3, 224, 224));
        assertThat(RRC.outputShape(new ImageShape(1, 28, 28))).isEqualTo(new ImageShape(1, 224, 224));
    }

    @Test
    void parametersAreChecked() {
        assertThatThrownBy(() -> new RandomResizedCrop(8, 8, 0.5, 0.1, 0.75, 1.3)).hasMessageContaining("scale (0.5, 0.1)");
        assertThatThrownBy(() -> new RandomResizedCrop(0)).hasMessageContaining("found 0 x 0");
    }
}
