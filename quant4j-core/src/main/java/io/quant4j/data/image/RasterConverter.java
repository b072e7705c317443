package io.quant4j.data.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Turns ImageIO's decoded pixels into an {@link Image8} the way PIL's {@code convert} does, from
 * the raw samples (never through {@code getRGB}, which would apply an embedded colour profile
 * that PIL ignores):
 * <ul>
 *   <li>palette (indexed, any bit depth): the palette's colours; L = luma of the colour;</li>
 *   <li>8-bit grey, grey+alpha: the grey value; RGB replicates it; alpha dropped;</li>
 *   <li>8-bit RGB, RGBA: the colour; L = luma; alpha dropped (not composited);</li>
 *   <li>16-bit grey (with or without a transparent value): clipped to 255 ({@code min(v, 255)},
 *       PIL's mode "I" to "L"/"RGB");</li>
 *   <li>16-bit grey+alpha, RGB, RGBA: the high byte ({@code v >> 8}, PIL's ";16B" unpackers);</li>
 *   <li>packed RGB (BMP 16/32 bit): components of n bits scaled by {@code 255 / (2^n - 1)},
 *       truncated, as PIL's unpackers.</li>
 * </ul>
 * Anything else (CMYK, YCbCr left unconverted, float samples) is refused.
 */
final class RasterConverter {
    private RasterConverter() {
    }

    /**
     * @param image ImageIO's result
     * @param mode L or RGB
     * @param source the file, for errors
     * @param greyPng16 whether the file is a 16-bit grey PNG (colour type 0), whose values clip to
     *     255 even when ImageIO has added an alpha band for its {@code tRNS} chunk
     */
    static Image8 convert(BufferedImage image, ColorMode mode, String source, boolean greyPng16) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel icm) {
            return fromPalette(raster, icm, mode);
        }
        if (cm instanceof DirectColorModel && cm.getColorSpace().getType() == ColorSpace.TYPE_RGB
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel) {
            return fromPacked(raster, mode);
        }
        int colours = cm.getNumColorComponents();
        int csType = cm.getColorSpace().getType();
        boolean known = (colours == 1 && csType == ColorSpace.TYPE_GRAY) || (colours == 3 && csType == ColorSpace.TYPE_RGB);
        if (!(cm instanceof ComponentColorModel) || !known || raster.getNumBands() != cm.getNumComponents()) {
            throw new ImageDecodeException("expected grey, grey+alpha, RGB, RGBA or palette pixels, found "
                    + describe(cm, raster), source,
                    "CMYK and other colour spaces are not supported; convert the image to RGB or grey"
                            + " (e.g. ImageMagick: convert in.jpg -colorspace sRGB out.jpg)", null);
        }
        int transfer = raster.getTransferType();
        if (transfer == DataBuffer.TYPE_BYTE) {
            return fromBytes(raster, colours, mode);
        }
        if (transfer == DataBuffer.TYPE_USHORT) {
            return fromSamples(raster, colours, mode, colours == 1 && (raster.getNumBands() == 1 || greyPng16) ? -1 : 8);
        }
        throw new ImageDecodeException("expected 8- or 16-bit samples, found " + describe(cm, raster), source,
                "re-save the image with 8-bit samples", null);
    }

    private static String describe(ColorModel cm, Raster raster) {
        return cm.getClass().getSimpleName() + " with " + cm.getNumComponents() + " components (colour space type "
                + cm.getColorSpace().getType() + ", " + raster.getNumBands() + " bands, transfer type "
                + raster.getTransferType() + ")";
    }

    private static Image8 fromPalette(Raster raster, IndexColorModel icm, ColorMode mode) {
        int size = icm.getMapSize();
        byte[] r = new byte[size];
        byte[] g = new byte[size];
        byte[] b = new byte[size];
        icm.getReds(r);
        icm.getGreens(g);
        icm.getBlues(b);
        int h = raster.getHeight();
        int w = raster.getWidth();
        int ch = mode.channels();
        byte[] out = new byte[h * w * ch];
        byte[] luma = new byte[size];
        for (int i = 0; i < size; i++) {
            luma[i] = (byte) ColorMode.luma(r[i] & 0xFF, g[i] & 0xFF, b[i] & 0xFF);
        }
        int[] row = new int[w];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int idx = Math.min(row[x], size - 1);
                if (ch == 1) {
                    out[o++] = luma[idx];
                } else {
                    out[o++] = r[idx];
                    out[o++] = g[idx];
                    out[o++] = b[idx];
                }
            }
        }
        return new Image8(h, w, ch, out);
    }

    /**
     * Packed pixels (BMP with bit fields): each component of {@code n <= 8} bits scales as PIL's
     * unpackers do, {@code v * 255 / (2^n - 1)} truncated (5-6-5 and 5-5-5 BMPs); wider ones keep
     * their top 8 bits.
     */
    private static Image8 fromPacked(Raster raster, ColorMode mode) {
        int h = raster.getHeight();
        int w = raster.getWidth();
        int ch = mode.channels();
        int[] bits = raster.getSampleModel().getSampleSize();
        byte[] out = new byte[h * w * ch];
        int[][] rows = new int[3][w];
        int o = 0;
        for (int y = 0; y < h; y++) {
            for (int band = 0; band < 3; band++) {
                int[] row = raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, band, rows[band]);
                int n = bits[band];
                for (int x = 0; x < w; x++) {
                    row[x] = n <= 8 ? row[x] * 255 / ((1 << n) - 1) : row[x] >>> (n - 8);
                }
            }
            for (int x = 0; x < w; x++) {
                o = put(out, o, ch, rows[0][x], rows[1][x], rows[2][x]);
            }
        }
        return new Image8(h, w, ch, out);
    }

    private static int put(byte[] out, int o, int ch, int r, int g, int b) {
        if (ch == 1) {
            out[o] = (byte) ColorMode.luma(r, g, b);
            return o + 1;
        }
        out[o] = (byte) r;
        out[o + 1] = (byte) g;
        out[o + 2] = (byte) b;
        return o + 3;
    }

    /** 8-bit samples; interleaved byte rasters (what ImageIO's readers make) are read in place. */
    private static Image8 fromBytes(Raster raster, int colours, ColorMode mode) {
        int h = raster.getHeight();
        int w = raster.getWidth();
        int ch = mode.channels();
        byte[] out = new byte[h * w * ch];
        if (raster.getSampleModel() instanceof ComponentSampleModel sm && raster.getDataBuffer() instanceof DataBufferByte db
                && db.getNumBanks() == 1 && raster.getParent() == null && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0 && allZero(sm.getBankIndices())) {
            byte[] src = db.getData();
            int[] off = sm.getBandOffsets();
            int stride = sm.getPixelStride();
            int scan = sm.getScanlineStride();
            int base = db.getOffset();
            int o = 0;
            for (int y = 0; y < h; y++) {
                int p = base + y * scan;
                if (colours == 1 && ch == 1 && stride == 1) {   // grey kept as grey: one copy per row
                    System.arraycopy(src, p + off[0], out, o, w);
                    o += w;
                    continue;
                }
                for (int x = 0; x < w; x++, p += stride) {
                    if (colours == 1) {
                        byte v = src[p + off[0]];
                        for (int k = 0; k < ch; k++) {
                            out[o++] = v;
                        }
                    } else {
                        o = put(out, o, ch, src[p + off[0]] & 0xFF, src[p + off[1]] & 0xFF, src[p + off[2]] & 0xFF);
                    }
                }
            }
            return new Image8(h, w, ch, out);
        }
        return fromSamples(raster, colours, mode, 0);
    }

    /**
     * Generic path over {@link Raster#getSamples}; {@code shift} 0 keeps 8-bit samples, 8 keeps
     * the high byte of 16-bit ones, -1 clips 16-bit values to 255.
     */
    private static Image8 fromSamples(Raster raster, int colours, ColorMode mode, int shift) {
        int h = raster.getHeight();
        int w = raster.getWidth();
        int ch = mode.channels();
        byte[] out = new byte[h * w * ch];
        int[][] rows = new int[colours][w];
        int o = 0;
        for (int y = 0; y < h; y++) {
            for (int band = 0; band < colours; band++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, band, rows[band]);
                int[] row = rows[band];
                for (int x = 0; x < w; x++) {
                    row[x] = shift < 0 ? Math.min(row[x], 255) : row[x] >>> shift;
                }
            }
            for (int x = 0; x < w; x++) {
                if (colours == 1) {
                    for (int k = 0; k < ch; k++) {
                        out[o++] = (byte) rows[0][x];
                    }
                } else {
                    o = put(out, o, ch, rows[0][x], rows[1][x], rows[2][x]);
                }
            }
        }
        return new Image8(h, w, ch, out);
    }

    private static boolean allZero(int[] values) {
        for (int v : values) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }
}
