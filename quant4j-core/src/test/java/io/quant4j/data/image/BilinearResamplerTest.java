package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BilinearResamplerTest {
    static Image8 noise(int h, int w, int channels, long seed) {
        byte[] b = new byte[h * w * channels];
        new SplittableRandom(seed).nextBytes(b);
        return new Image8(h, w, channels, b);
    }

    private static Image8 full(Image8 src, int outH, int outW) {
        return BilinearResampler.resize(src, new CropBox(0, 0, src.height(), src.width()), outH, outW,
                new CropBox(0, 0, outH, outW));
    }

    @Test
    void aWindowOfTheOutputIsThatCropOfTheFullResize() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 200; trial++) {
            int ch = trial % 2 == 0 ? 3 : 1;
            Image8 src = noise(1 + rng.nextInt(60), 1 + rng.nextInt(60), ch, trial);
            int outH = 1 + rng.nextInt(70);
            int outW = 1 + rng.nextInt(70);
            int wh = 1 + rng.nextInt(outH);
            int ww = 1 + rng.nextInt(outW);
            CropBox window = new CropBox(rng.nextInt(outH - wh + 1), rng.nextInt(outW - ww + 1), wh, ww);
            Image8 fused = BilinearResampler.resize(src, new CropBox(0, 0, src.height(), src.width()), outH, outW, window);
            assertThat(fused).as("trial %d: %s -> %dx%d, window %s", trial, src, outH, outW, window)
                    .isEqualTo(full(src, outH, outW).crop(window.top(), window.left(), wh, ww));
        }
    }

    @Test
    void aSourceBoxIsTheResizeOfThatCrop() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 200; trial++) {
            Image8 src = noise(1 + rng.nextInt(60), 1 + rng.nextInt(60), 3, trial);
            int bh = 1 + rng.nextInt(src.height());
            int bw = 1 + rng.nextInt(src.width());
            CropBox box = new CropBox(rng.nextInt(src.height() - bh + 1), rng.nextInt(src.width() - bw + 1), bh, bw);
            int outH = 1 + rng.nextInt(50);
            int outW = 1 + rng.nextInt(50);
            Image8 direct = BilinearResampler.resize(src, box, outH, outW, new CropBox(0, 0, outH, outW));
            assertThat(direct).as("trial %d", trial).isEqualTo(full(src.crop(box.top(), box.left(), bh, bw), outH, outW));
        }
    }

    @Test
    void flatImagesStayFlatAndTheSameSizeIsACopy() {
        byte[] flat = new byte[30 * 40 * 3];
        java.util.Arrays.fill(flat, (byte) 173);
        Image8 img = new Image8(30, 40, 3, flat);
        for (int[] size : new int[][] {{7, 9}, {30, 11}, {64, 40}, {1, 1}, {97, 123}}) {
            assertThat(full(img, size[0], size[1]).data()).as(size[0] + "x" + size[1]).containsOnly((byte) 173);
        }
        Image8 noisy = noise(9, 8, 1, 1);
        assertThat(full(noisy, 9, 8)).isEqualTo(noisy);
    }

    @Test
    void averagingTwoPixelsRoundsHalfUp() {
        // 1 x 2 -> 1 x 1: weights 1/2, 1/2; (10 + 13) / 2 = 11.5 -> 12 (PIL adds 2^21 before the shift)
        Image8 img = new Image8(1, 2, 1, new byte[] {10, 13});
        assertThat(full(img, 1, 1).data()).containsExactly(12);
    }
}
