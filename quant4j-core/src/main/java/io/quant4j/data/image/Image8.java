package io.quant4j.data.image;

import io.quant4j.data.ImageShape;
import java.util.Arrays;

/**
 * An 8-bit image as PIL holds it: {@code height x width x channels} bytes, interleaved (HWC,
 * row-major), value {@code data[(y * width + x) * channels + c]} in {@code 0..255} (read it with
 * {@code & 0xFF}). Channels are 1 (grey, PIL mode "L") or 3 (R, G, B; PIL mode "RGB").
 *
 * <p>Immutable by convention: the constructor takes the array without copying and {@link #data()}
 * returns it, so that decoders and transforms do not copy pixels needlessly. No code in this
 * package writes into an image's array once the image is made; callers must not either.
 * {@link ToTensor} turns an image into the CHW floats a model reads.
 */
public final class Image8 {
    private final int height;
    private final int width;
    private final int channels;
    private final byte[] data;

    /**
     * @param height rows, at least 1
     * @param width columns, at least 1
     * @param channels 1 (grey) or 3 (RGB)
     * @param data {@code height * width * channels} bytes, HWC; kept, not copied
     */
    public Image8(int height, int width, int channels, byte[] data) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("expected a positive height and width, found " + height + " x " + width);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("expected 1 (grey) or 3 (RGB) channels, found " + channels);
        }
        if ((long) height * width * channels != data.length) {
            throw new IllegalArgumentException("expected " + height + " x " + width + " x " + channels + " = "
                    + (long) height * width * channels + " bytes, found " + data.length);
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.data = data;
    }

    /** Rows. */
    public int height() {
        return height;
    }

    /** Columns. */
    public int width() {
        return width;
    }

    /** 1 for grey, 3 for RGB. */
    public int channels() {
        return channels;
    }

    /** The backing array, HWC (not a copy: do not modify). */
    public byte[] data() {
        return data;
    }

    /** The value of channel {@code c} at row {@code y}, column {@code x}, in {@code 0..255}. */
    public int get(int y, int x, int c) {
        if (y < 0 || y >= height || x < 0 || x >= width || c < 0 || c >= channels) {
            throw new IndexOutOfBoundsException("expected (y, x, c) inside " + height + " x " + width + " x " + channels
                    + ", found (" + y + ", " + x + ", " + c + ")");
        }
        return data[(y * width + x) * channels + c] & 0xFF;
    }

    /** The shape of this image once {@link ToTensor} has made it {@code C x H x W}. */
    public ImageShape shape() {
        return new ImageShape(channels, height, width);
    }

    /**
     * The {@code height x width} window whose top-left corner is at ({@code top}, {@code left}),
     * as PIL's {@code Image.crop((left, top, left + width, top + height))}: pixels outside this
     * image are 0. Returns this image when the window is the whole image.
     */
    public Image8 crop(int top, int left, int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("expected a positive crop size, found " + height + " x " + width);
        }
        if (top == 0 && left == 0 && height == this.height && width == this.width) {
            return this;
        }
        byte[] out = new byte[height * width * channels];
        int x0 = Math.max(0, -left);
        int x1 = Math.min(width, this.width - left);
        for (int y = Math.max(0, -top); y < Math.min(height, this.height - top) && x1 > x0; y++) {
            System.arraycopy(data, ((top + y) * this.width + left + x0) * channels,
                    out, (y * width + x0) * channels, (x1 - x0) * channels);
        }
        return new Image8(height, width, channels, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Image8 other && height == other.height && width == other.width
                && channels == other.channels && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * height + width) + channels) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Image8(" + height + "x" + width + "x" + channels + ")";
    }
}
