package io.quant4j.data.image;

/**
 * Interlaced GIFs, decoded without ImageIO's interlace handling (which loses rows of images 2 to 4
 * rows high: JDK 17's GIF reader returns index 0 there, where PIL returns the stored pixels).
 * The interlace flag of the first image descriptor is cleared in a copy of the file, ImageIO then
 * returns the rows in stored order, and {@link #toDisplayOrder} puts them where GIF's four passes
 * say: rows {@code 0, 8, 16, ...}, then {@code 4, 12, ...}, then {@code 2, 6, ...}, then
 * {@code 1, 3, 5, ...}.
 */
final class GifInterlace {
    private static final int INTERLACED = 0x40;

    private GifInterlace() {
    }

    /** The position of the first image descriptor's flags byte, or -1 when the blocks cannot be followed. */
    static int firstImageFlags(byte[] gif) {
        if (gif.length < 13) {
            return -1;
        }
        int screenFlags = gif[10] & 0xFF;
        int pos = 13 + ((screenFlags & 0x80) != 0 ? 3 * (1 << ((screenFlags & 7) + 1)) : 0);
        while (pos < gif.length) {
            int block = gif[pos] & 0xFF;
            if (block == 0x2C) {
                return pos + 9 < gif.length ? pos + 9 : -1;
            }
            if (block != 0x21) {
                return -1;   // trailer or not GIF: ImageIO reports what is wrong
            }
            pos += 2;
            while (pos < gif.length && gif[pos] != 0) {
                pos += (gif[pos] & 0xFF) + 1;
            }
            pos++;
        }
        return -1;
    }

    /** Whether the first image is interlaced. */
    static boolean isInterlaced(byte[] gif) {
        int at = firstImageFlags(gif);
        return at >= 0 && (gif[at] & INTERLACED) != 0;
    }

    /** A copy of the file whose first image is marked not interlaced (its data unchanged). */
    static byte[] markedProgressive(byte[] gif) {
        byte[] copy = gif.clone();
        int at = firstImageFlags(copy);
        copy[at] = (byte) (copy[at] & ~INTERLACED);
        return copy;
    }

    /** The image with its rows, given in stored (interlaced) order, moved to display order. */
    static Image8 toDisplayOrder(Image8 stored) {
        int h = stored.height();
        int rowBytes = stored.width() * stored.channels();
        byte[] out = new byte[stored.data().length];
        int i = 0;
        int[][] passes = {{0, 8}, {4, 8}, {2, 4}, {1, 2}};
        for (int[] pass : passes) {
            for (int row = pass[0]; row < h; row += pass[1], i++) {
                System.arraycopy(stored.data(), i * rowBytes, out, row * rowBytes, rowBytes);
            }
        }
        return new Image8(h, stored.width(), stored.channels(), out);
    }
}
