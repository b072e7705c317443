package io.quant4j.data.image;

import io.quant4j.data.ImageShape;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code Resize(size)} on PIL images (bilinear, always antialiased), resampled as
 * PIL's {@code Image.resize((w, h), BILINEAR)} (see {@link BilinearResampler}).
 *
 * <p>{@code Resize(size)} scales the shorter side to {@code size} and the longer one to
 * {@code int(size * long / short)} (truncated, torchvision's {@code _compute_resized_output_size}
 * without {@code max_size}); for an {@code H x W} image with {@code W <= H} the output is
 * {@code int(size * H / W) x size}, e.g. 375 x 500 becomes 256 x 341. {@code Resize(h, w)} gives
 * exactly {@code h x w}. An image already of the output size is returned as it is.
 */
public final class Resize implements ImageTransform {
    private final int shorterSide;
    private final int height;
    private final int width;

    /** The shorter side becomes {@code size}, the aspect ratio is kept. */
    public Resize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("expected a positive size for the shorter side, found " + size);
        }
        this.shorterSide = size;
        this.height = 0;
        this.width = 0;
    }

    /** Exactly {@code height x width}. */
    public Resize(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("expected a positive output size, found " + height + " x " + width);
        }
        this.shorterSide = 0;
        this.height = height;
        this.width = width;
    }

    @Override
    public Image8 apply(Image8 image, RandomGenerator rng) {
        int[] size = outputSize(image.height(), image.width());
        if (size[0] == image.height() && size[1] == image.width()) {
            return image;
        }
        return BilinearResampler.resize(image, new CropBox(0, 0, image.height(), image.width()), size[0], size[1],
                new CropBox(0, 0, size[0], size[1]));
    }

    /**
     * Only the {@code window} of the resized image, equal to cropping {@link #apply}'s result to it
     * but computing only that window; the window must lie inside the output.
     */
    Image8 applyWindow(Image8 image, CropBox window) {
        int[] size = outputSize(image.height(), image.width());
        return BilinearResampler.resize(image, new CropBox(0, 0, image.height(), image.width()), size[0], size[1], window);
    }

    /** {@code {height, width}} of the output for an {@code inHeight x inWidth} input. */
    public int[] outputSize(int inHeight, int inWidth) {
        if (shorterSide == 0) {
            return new int[] {height, width};
        }
        int shortSide = Math.min(inHeight, inWidth);
        int longSide = Math.max(inHeight, inWidth);
        int newLong = (int) ((double) ((long) shorterSide * longSide) / shortSide);
        return inWidth <= inHeight ? new int[] {newLong, shorterSide} : new int[] {shorterSide, newLong};
    }

    @Override
    public ImageShape outputShape(ImageShape input) {
        int[] size = outputSize(input.height(), input.width());
        return new ImageShape(input.channels(), size[0], size[1]);
    }

    @Override
    public String toString() {
        return shorterSide > 0 ? "Resize(" + shorterSide + ")" : "Resize(" + height + ", " + width + ")";
    }
}
