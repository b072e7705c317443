package io.quant4j.data.image;

/**
 * torchvision's {@code ToTensor} for 8-bit images: HWC bytes to CHW float32 in {@code [0, 1]},
 * <pre>
 *   dst[offset + c * H * W + y * W + x] = in[y][x][c] / 255f
 * </pre>
 * (float32 division, as {@code img.float().div(255)}). Writes into a caller's buffer (a batch) so
 * that the loader allocates nothing per image; {@code io.quant4j.data.Normalize} then applies
 * {@code (x - mean[c]) / std[c]} in place on the same buffer.
 */
public final class ToTensor {
    private static final float[] SCALED = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            SCALED[i] = i / 255f;
        }
    }

    private ToTensor() {
    }

    /** Writes {@code C * H * W} floats into {@code dst} from {@code offset}. */
    public static void write(Image8 image, float[] dst, int offset) {
        int plane = image.height() * image.width();
        int ch = image.channels();
        if (offset < 0 || (long) offset + (long) plane * ch > dst.length) {
            throw new IllegalArgumentException("expected room for " + image.shape() + " = " + (long) plane * ch
                    + " floats at offset " + offset + ", found a buffer of " + dst.length);
        }
        byte[] src = image.data();
        if (ch == 1) {
            for (int i = 0; i < plane; i++) {
                dst[offset + i] = SCALED[src[i] & 0xFF];
            }
            return;
        }
        int r = offset;
        int g = offset + plane;
        int b = offset + 2 * plane;
        for (int i = 0, p = 0; i < plane; i++, p += 3) {
            dst[r + i] = SCALED[src[p] & 0xFF];
            dst[g + i] = SCALED[src[p + 1] & 0xFF];
            dst[b + i] = SCALED[src[p + 2] & 0xFF];
        }
    }

    /** A new {@code C x H x W} array. */
    public static float[] toChw(Image8 image) {
        float[] out = new float[image.height() * image.width() * image.channels()];
        write(image, out, 0);
        return out;
    }
}
