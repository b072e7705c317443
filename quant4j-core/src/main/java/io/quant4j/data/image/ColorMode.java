package io.quant4j.data.image;

/**
 * The colour mode a decoded image is converted to, as PIL's {@code Image.convert(mode)}.
 * torchvision's {@code ImageFolder} loads with {@code convert("RGB")}; grey models (Fashion-MNIST)
 * need {@code convert("L")}.
 */
public enum ColorMode {
    /**
     * One grey channel. Colour pixels become ITU-R 601-2 luma with PIL's fixed-point rounding,
     * {@code L = (R * 19595 + G * 38470 + B * 7471 + 0x8000) >> 16} (weights 0.299, 0.587, 0.114
     * in 16-bit fixed point); alpha is ignored; grey images are kept as they are.
     */
    L(1),
    /** Red, green, blue. Grey is replicated to the three channels; alpha is dropped (not composited). */
    RGB(3);

    private final int channels;

    ColorMode(int channels) {
        this.channels = channels;
    }

    /** Channels of an image in this mode (1 or 3). */
    public int channels() {
        return channels;
    }

    /** PIL's luma of an RGB pixel (each value {@code 0..255}); see {@link #L}. */
    static int luma(int r, int g, int b) {
        return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    }
}
