package io.quant4j.data.image;

import io.quant4j.data.ImageShape;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code CenterCrop((h, w))} on PIL images. For an {@code H x W} input the crop's
 * top-left corner is
 * <pre>
 *   top  = round((H - h) / 2.0),  left = round((W - w) / 2.0)     (round half to even, Python's round)
 * </pre>
 * and, along a side where the crop is larger than the image, the image is first padded with 0 by
 * {@code (h - H) // 2} before and {@code (h - H + 1) // 2} after, so there {@code top = -((h - H) // 2)}.
 * E.g. 23 rows cropped to 20 start at row 2 (1.5 rounds to 2), 23 to 18 at row 2 (2.5 rounds to 2).
 */
public final class CenterCrop implements ImageTransform {
    private final int height;
    private final int width;

    /** A {@code size x size} crop. */
    public CenterCrop(int size) {
        this(size, size);
    }

    /** A {@code height x width} crop. */
    public CenterCrop(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("expected a positive crop size, found " + height + " x " + width);
        }
        this.height = height;
        this.width = width;
    }

    /** The crop of an {@code imageHeight x imageWidth} image, in its coordinates (outside it when padding). */
    public CropBox box(int imageHeight, int imageWidth) {
        return new CropBox(offset(imageHeight, height), offset(imageWidth, width), height, width);
    }

    private static int offset(int image, int crop) {
        if (crop > image) {
            return -((crop - image) / 2);
        }
        return (int) Math.rint((image - crop) / 2.0);
    }

    @Override
    public Image8 apply(Image8 image, RandomGenerator rng) {
        CropBox box = box(image.height(), image.width());
        return image.crop(box.top(), box.left(), box.height(), box.width());
    }

    @Override
    public ImageShape outputShape(ImageShape input) {
        return new ImageShape(input.channels(), height, width);
    }

    @Override
    public String toString() {
        return "CenterCrop(" + height + ", " + width + ")";
    }
}
