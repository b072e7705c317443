package io.quant4j.data;

/**
 * The shape of one image, {@code C x H x W} (PyTorch's layout, channels first).
 *
 * @param channels number of channels (1 for grey images)
 * @param height rows
 * @param width columns
 */
public record ImageShape(int channels, int height, int width) {
    public ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("expected positive channels, height and width; found "
                    + channels + " x " + height + " x " + width);
        }
    }

    /** Number of values of one image, {@code C * H * W}. */
    public int size() {
        return channels * height * width;
    }

    /** Values of one channel, {@code H * W}. */
    public int plane() {
        return height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
