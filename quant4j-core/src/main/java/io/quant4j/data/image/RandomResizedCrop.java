package io.quant4j.data.image;

import io.quant4j.data.ImageShape;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RandomResizedCrop(size, scale, ratio)} (bilinear, PIL backend): a random box
 * ({@link #params}) is cropped and resized to exactly {@code height x width} with
 * {@link BilinearResampler} (crop then resize, as {@code F.resized_crop}).
 *
 * <p>{@code get_params} for an {@code H x W} image, area {@code A = H * W}, up to 10 attempts:
 * <pre>
 *   target = A * U(scale0, scale1),   aspect = exp(U(log ratio0, log ratio1))
 *   w = round(sqrt(target * aspect)), h = round(sqrt(target / aspect))      (round half to even)
 *   if 0 &lt; w &lt;= W and 0 &lt; h &lt;= H:  top = randint(0, H - h + 1), left = randint(0, W - w + 1)
 * </pre>
 * and otherwise a centre crop with the aspect ratio clamped to {@code [ratio0, ratio1]}:
 * {@code W/H < ratio0 -> w = W, h = round(w / ratio0)}; {@code W/H > ratio1 -> h = H,
 * w = round(h * ratio1)}; else the whole image; {@code top = (H - h) / 2, left = (W - w) / 2}.
 * Draws come from the given generator in torchvision's order (scale, ratio, then top, left),
 * in double precision; the numbers differ from torch's generator, the algorithm does not.
 */
public final class RandomResizedCrop implements ImageTransform {
    private final int height;
    private final int width;
    private final double scaleMin;
    private final double scaleMax;
    private final double ratioMin;
    private final double ratioMax;

    /** A {@code size x size} output with torchvision's defaults, scale (0.08, 1) and ratio (3/4, 4/3). */
    public RandomResizedCrop(int size) {
        this(size, size, 0.08, 1.0, 3.0 / 4.0, 4.0 / 3.0);
    }

    /**
     * @param height output rows
     * @param width output columns
     * @param scaleMin smallest crop area as a fraction of the image area, in (0, scaleMax]
     * @param scaleMax largest crop area fraction
     * @param ratioMin smallest aspect ratio (width / height), in (0, ratioMax]
     * @param ratioMax largest aspect ratio
     */
    public RandomResizedCrop(int height, int width, double scaleMin, double scaleMax, double ratioMin, double ratioMax) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("expected a positive output size, found " + height + " x " + width);
        }
        if (!(scaleMin > 0 && scaleMin <= scaleMax) || !(ratioMin > 0 && ratioMin <= ratioMax)) {
            throw new IllegalArgumentException("expected 0 < scaleMin <= scaleMax and 0 < ratioMin <= ratioMax, found scale ("
                    + scaleMin + ", " + scaleMax + "), ratio (" + ratioMin + ", " + ratioMax + ")");
        }
        this.height = height;
        this.width = width;
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
        this.ratioMin = ratioMin;
        this.ratioMax = ratioMax;
    }

    /** The random box for an {@code imageHeight x imageWidth} image (torchvision's {@code get_params}). */
    public CropBox params(int imageHeight, int imageWidth, RandomGenerator rng) {
        double area = (double) imageHeight * imageWidth;
        double logMin = Math.log(ratioMin);
        double logMax = Math.log(ratioMax);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * uniform(rng, scaleMin, scaleMax);
            double aspect = Math.exp(uniform(rng, logMin, logMax));
            int w = (int) Math.rint(Math.sqrt(target * aspect));
            int h = (int) Math.rint(Math.sqrt(target / aspect));
            if (w > 0 && w <= imageWidth && h > 0 && h <= imageHeight) {
                int top = rng.nextInt(imageHeight - h + 1);
                int left = rng.nextInt(imageWidth - w + 1);
                return new CropBox(top, left, h, w);
            }
        }
        double inRatio = (double) imageWidth / imageHeight;
        int w = imageWidth;
        int h = imageHeight;
        if (inRatio < ratioMin) {
            h = (int) Math.rint(w / ratioMin);
        } else if (inRatio > ratioMax) {
            w = (int) Math.rint(h * ratioMax);
        }
        return new CropBox((imageHeight - h) / 2, (imageWidth - w) / 2, h, w);
    }

    private static double uniform(RandomGenerator rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    @Override
    public Image8 apply(Image8 image, RandomGenerator rng) {
        return apply(image, params(image.height(), image.width(), rng));
    }

    /** The given box of the image (inside it) resized to the output size: torchvision's {@code F.resized_crop}. */
    public Image8 apply(Image8 image, CropBox box) {
        return BilinearResampler.resize(image, box, height, width, new CropBox(0, 0, height, width));
    }

    @Override
    public ImageShape outputShape(ImageShape input) {
        return new ImageShape(input.channels(), height, width);
    }

    @Override
    public String toString() {
        return "RandomResizedCrop(" + height + ", " + width + ", scale=(" + scaleMin + ", " + scaleMax + "), ratio=("
                + ratioMin + ", " + ratioMax + "))";
    }
}
