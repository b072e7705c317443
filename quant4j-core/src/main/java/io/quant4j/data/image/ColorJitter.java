package io.quant4j.data.image;

import io.quant4j.data.ImageShape;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code ColorJitter(brightness, contrast, saturation)} on 8-bit images (no hue):
 * each enabled adjustment draws a factor {@code f ~ U(max(0, 1 - v), 1 + v)} and blends the image
 * with a degenerate image, as PIL's {@code ImageEnhance}:
 * <pre>
 *   out = clip(trunc(d + f * (in - d)), 0, 255)
 *   brightness:  d = 0
 *   contrast:    d = round(mean of the grey image)          (one value for every pixel)
 *   saturation:  d = the grey image, per pixel               (RGB only; grey images keep theirs)
 *   grey = (299 R + 587 G + 114 B) / 1000, rounded            (PIL's "L"; a grey image is itself)
 * </pre>
 * The adjustments run in a random order (one permutation per image), then the factors are drawn
 * in that order. Shape: {@code C x H x W} in, the same out. The draws come from the given generator,
 * not torch's, so the numbers differ from torchvision's; the algorithm does not.
 */
public final class ColorJitter implements ImageTransform {
    private final double[] strength;

    /**
     * @param brightness how far the brightness factor may move from 1, in {@code [0, 1]} (0: off)
     * @param contrast the same for contrast
     * @param saturation the same for saturation
     */
    public ColorJitter(double brightness, double contrast, double saturation) {
        for (double v : new double[] {brightness, contrast, saturation}) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("expected jitter strengths in [0, 1], found brightness " + brightness
                        + ", contrast " + contrast + ", saturation " + saturation);
            }
        }
        this.strength = new double[] {brightness, contrast, saturation};
    }

    @Override
    public Image8 apply(Image8 image, RandomGenerator rng) {
        int[] order = {0, 1, 2};
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        Image8 out = image;
        for (int k : order) {
            double v = strength[k];
            if (v == 0) {
                continue;
            }
            double lo = Math.max(0, 1 - v);
            double f = lo + (1 + v - lo) * rng.nextDouble();
            out = switch (k) {
                case 0 -> blend(out, null, 0, f);
                case 1 -> blend(out, null, meanGrey(out), f);
                default -> out.channels() == 3 ? blend(out, grey(out), 0, f) : out;
            };
        }
        return out;
    }

    /** {@code d + f * (in - d)} per value, with {@code d} the grey image's pixel or the constant {@code d0}. */
    private static Image8 blend(Image8 in, int[] greyPerPixel, int d0, double f) {
        byte[] src = in.data();
        byte[] dst = new byte[src.length];
        int c = in.channels();
        for (int i = 0; i < src.length; i++) {
            int d = greyPerPixel == null ? d0 : greyPerPixel[i / c];
            double v = d + f * ((src[i] & 0xff) - d);
            dst[i] = (byte) (v <= 0 ? 0 : v < 256 ? (int) v : 255);
        }
        return new Image8(in.height(), in.width(), c, dst);
    }

    /** PIL's "L" of each pixel: {@code (299 R + 587 G + 114 B + 500) / 1000}; a grey image's own value. */
    private static int[] grey(Image8 in) {
        byte[] s = in.data();
        int c = in.channels();
        int[] g = new int[in.height() * in.width()];
        for (int p = 0; p < g.length; p++) {
            g[p] = c == 3 ? ((s[3 * p] & 0xff) * 299 + (s[3 * p + 1] & 0xff) * 587 + (s[3 * p + 2] & 0xff) * 114 + 500) / 1000
                    : s[p] & 0xff;
        }
        return g;
    }

    private static int meanGrey(Image8 in) {
        long sum = 0;
        for (int v : grey(in)) {
            sum += v;
        }
        return (int) Math.floor(sum / (double) Math.max(1, in.height() * in.width()) + 0.5);
    }

    @Override
    public ImageShape outputShape(ImageShape input) {
        return input;
    }

    @Override
    public String toString() {
        return "ColorJitter(brightness=" + strength[0] + ", contrast=" + strength[1] + ", saturation=" + strength[2] + ")";
    }
}
