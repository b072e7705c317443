package io.quant4j.data.text;

import io.quant4j.data.image.Image8;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * An RGB drawing surface with fixed rendering hints (grey-scale anti-aliased text, fractional
 * metrics, quality rendering, pure strokes), so that the same fonts draw the same pixels on every
 * machine, whatever its desktop settings. Text is measured and drawn as one {@link GlyphVector}
 * with the same {@link FontRenderContext}, so measured ink bounds are the drawn ones.
 */
final class Canvas {
    /** Anti-aliased, fractional metrics, identity transform: the context every glyph vector uses. */
    static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    private final BufferedImage image;
    private final int[] rgb;

    Canvas(int width, int height) {
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }

    int width() {
        return image.getWidth();
    }

    int height() {
        return image.getHeight();
    }

    /** The packed {@code 0xRRGGBB} pixels, row-major (the live buffer). */
    int[] pixels() {
        return rgb;
    }

    /** The glyphs of {@code text} in {@code font}. */
    static GlyphVector glyphs(Font font, String text) {
        return font.createGlyphVector(FRC, text);
    }

    /** The pixels the glyphs touch when drawn with their origin (baseline start) at ({@code x}, {@code y}). */
    static Rectangle inkBounds(GlyphVector gv, float x, float y) {
        return gv.getPixelBounds(FRC, x, y);
    }

    /** Draws the glyphs with their origin at ({@code x}, {@code y}). */
    void draw(GlyphVector gv, Color ink, float x, float y) {
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(ink);
            g.drawGlyphVector(gv, x, y);
        } finally {
            g.dispose();
        }
    }

    /** Turns the columns {@code 0 .. width - 1} by 180 degrees in place. */
    void rotateLeftPart(int width) {
        int w = width();
        int h = height();
        for (int y = 0; y < (h + 1) / 2; y++) {
            int yy = h - 1 - y;
            for (int x = 0; x < width; x++) {
                int xx = width - 1 - x;
                if (yy * w + xx <= y * w + x) {
                    continue;
                }
                int a = rgb[y * w + x];
                rgb[y * w + x] = rgb[yy * w + xx];
                rgb[yy * w + xx] = a;
            }
        }
    }

    /** Sets the columns {@code from .. width - 1} of every row to {@code rgb} ({@code 0xRRGGBB}). */
    void fillRight(int from, int rgb) {
        int w = width();
        for (int y = 0; y < height(); y++) {
            java.util.Arrays.fill(this.rgb, y * w + Math.min(from, w), (y + 1) * w, rgb);
        }
    }

    /** The pixels as an RGB {@link Image8}. */
    Image8 toImage8() {
        byte[] out = new byte[rgb.length * 3];
        for (int i = 0, p = 0; i < rgb.length; i++, p += 3) {
            int v = rgb[i];
            out[p] = (byte) (v >> 16);
            out[p + 1] = (byte) (v >> 8);
            out[p + 2] = (byte) v;
        }
        return new Image8(height(), width(), 3, out);
    }
}
