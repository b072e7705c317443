package io.quant4j.data.image;

/**
 * A rectangle of an image, as torchvision's crop parameters {@code (top, left, height, width)}:
 * rows {@code top .. top + height - 1}, columns {@code left .. left + width - 1}. The corner may
 * lie outside the image (a centre crop larger than the image), the size is positive.
 *
 * @param top first row
 * @param left first column
 * @param height rows, at least 1
 * @param width columns, at least 1
 */
public record CropBox(int top, int left, int height, int width) {
    public CropBox {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("expected a positive crop size, found " + height + " x " + width);
        }
    }

    /** Whether the box lies wholly inside an image of {@code imageHeight x imageWidth}. */
    public boolean inside(int imageHeight, int imageWidth) {
        return top >= 0 && left >= 0 && top + height <= imageHeight && left + width <= imageWidth;
    }
}
