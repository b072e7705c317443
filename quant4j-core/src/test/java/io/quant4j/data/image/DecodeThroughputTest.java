package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.data.ImageShape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Prints how long one thread takes to decode a 500 x 375 JPEG and make the 3 x 224 x 224 floats
 * of the ImageNet evaluation and training pipelines (informative only: nothing here asserts a time).
 */
class DecodeThroughputTest {
    private static final int WARM_UP = 60;
    private static final int TIMED = 200;

    /** A photo-like 500 x 375 JPEG (smooth shading, edges, noise), quality 90, 4:2:0. */
    private static byte[] photo() throws IOException {
        BufferedImage img = new BufferedImage(500, 375, BufferedImage.TYPE_3BYTE_BGR);
        SplittableRandom rng = new SplittableRandom(42);
        for (int y = 0; y < 375; y++) {
            for (int x = 0; x < 500; x++) {
                double s = Math.sin(x / 37.0) * Math.cos(y / 23.0);
                int r = clamp(128 + 100 * s + rng.nextInt(-12, 13) + ((x / 50 + y / 40) % 2) * 30);
                int g = clamp(100 + 80 * Math.cos((x + y) / 51.0) + rng.nextInt(-12, 13));
                int b = clamp(90 + 120 * s * s + rng.nextInt(-12, 13));
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return ImageDecoderTest.encode(img, "jpeg");
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, v));
    }

    private static double millisPerImage(byte[] jpeg, ImageTransform pipeline, float[] batch, boolean decodeOnly) {
        SplittableRandom rng = new SplittableRandom(0);
        long start = 0;
        for (int i = 0; i < WARM_UP + TIMED; i++) {
            if (i == WARM_UP) {
                start = System.nanoTime();
            }
            Image8 img = ImageDecoder.decode(jpeg, "photo.jpg", ColorMode.RGB);
            if (!decodeOnly) {
                ToTensor.write(pipeline.apply(img, rng), batch, 0);
            }
        }
        return (System.nanoTime() - start) / 1e6 / TIMED;
    }

    @Test
    void decodeResizeCropToTensorOf500x375Jpeg() throws IOException {
        byte[] jpeg = photo();
        ImagePipeline eval = ImagePipeline.of(new Resize(256), new CenterCrop(224));
        ImagePipeline train = ImagePipeline.of(new RandomResizedCrop(224), new RandomHorizontalFlip(0.5));
        assertThat(eval.outputShape(new ImageShape(3, 375, 500))).isEqualTo(new ImageShape(3, 224, 224));
        float[] batch = new float[3 * 224 * 224];
        double decode = millisPerImage(jpeg, eval, batch, true);
        double evalMs = millisPerImage(jpeg, eval, batch, false);
        double trainMs = millisPerImage(jpeg, train, batch, false);
        System.out.printf("500x375 JPEG (%d bytes), one thread: decode %.2f ms; decode + Resize(256) + CenterCrop(224) + ToTensor"
                + " %.2f ms (%.0f images/s); decode + RandomResizedCrop(224) + flip + ToTensor %.2f ms (%.0f images/s)%n",
                jpeg.length, decode, evalMs, 1000 / evalMs, trainMs, 1000 / trainMs);
        assertThat(batch[0]).isBetween(0f, 1f);
    }
}
