package io.quant4j.data.image;

/**
 * PIL's {@code Image.transpose} operations: the flips and quarter turns, and which one
 * {@code PIL.ImageOps.exif_transpose} applies for each EXIF orientation (2 to 8).
 *
 * <p>For an input of {@code H x W}, the output pixel at row {@code r}, column {@code c} is:
 * <pre>
 *   FLIP_LEFT_RIGHT  in[r][W-1-c]            H x W
 *   FLIP_TOP_BOTTOM  in[H-1-r][c]            H x W
 *   ROTATE_90        in[c][W-1-r]            W x H   (counter-clockwise)
 *   ROTATE_180       in[H-1-r][W-1-c]        H x W
 *   ROTATE_270       in[H-1-c][r]            W x H   (clockwise)
 *   TRANSPOSE        in[c][r]                W x H
 *   TRANSVERSE       in[H-1-c][W-1-r]        W x H
 * </pre>
 */
public enum Transposition {
    FLIP_LEFT_RIGHT(false),
    FLIP_TOP_BOTTOM(false),
    ROTATE_90(true),
    ROTATE_180(false),
    ROTATE_270(true),
    TRANSPOSE(true),
    TRANSVERSE(true);

    private final boolean swapsAxes;

    Transposition(boolean swapsAxes) {
        this.swapsAxes = swapsAxes;
    }

    /**
     * The operation {@code exif_transpose} applies for an EXIF orientation: 2 FLIP_LEFT_RIGHT,
     * 3 ROTATE_180, 4 FLIP_TOP_BOTTOM, 5 TRANSPOSE, 6 ROTATE_270, 7 TRANSVERSE, 8 ROTATE_90;
     * null for 1 (upright) and for values outside 1 to 8.
     */
    public static Transposition forExifOrientation(int orientation) {
        return switch (orientation) {
            case 2 -> FLIP_LEFT_RIGHT;
            case 3 -> ROTATE_180;
            case 4 -> FLIP_TOP_BOTTOM;
            case 5 -> TRANSPOSE;
            case 6 -> ROTATE_270;
            case 7 -> TRANSVERSE;
            case 8 -> ROTATE_90;
            default -> null;
        };
    }

    /** The transposed image (a new image; the input is unchanged). */
    public Image8 apply(Image8 in) {
        int h = in.height();
        int w = in.width();
        int ch = in.channels();
        int outH = swapsAxes ? w : h;
        int outW = swapsAxes ? h : w;
        byte[] src = in.data();
        byte[] dst = new byte[src.length];
        int o = 0;
        for (int r = 0; r < outH; r++) {
            for (int c = 0; c < outW; c++) {
                int from = sourceIndex(r, c, h, w) * ch;
                for (int k = 0; k < ch; k++) {
                    dst[o++] = src[from + k];
                }
            }
        }
        return new Image8(outH, outW, ch, dst);
    }

    /** Pixel index {@code y * W + x} of the input pixel that lands at output ({@code r}, {@code c}). */
    private int sourceIndex(int r, int c, int h, int w) {
        return switch (this) {
            case FLIP_LEFT_RIGHT -> r * w + (w - 1 - c);
            case FLIP_TOP_BOTTOM -> (h - 1 - r) * w + c;
            case ROTATE_90 -> c * w + (w - 1 - r);
            case ROTATE_180 -> (h - 1 - r) * w + (w - 1 - c);
            case ROTATE_270 -> (h - 1 - c) * w + r;
            case TRANSPOSE -> c * w + r;
            case TRANSVERSE -> (h - 1 - c) * w + (w - 1 - r);
        };
    }
}
