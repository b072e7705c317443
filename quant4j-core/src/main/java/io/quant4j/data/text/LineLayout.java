package io.quant4j.data.text;

import java.awt.Font;
import java.awt.font.GlyphVector;
import java.awt.font.LineMetrics;
import java.util.random.RandomGenerator;

/**
 * One printed line on a {@code width x height} strip, as a detector's crop of a line looks once
 * PaddleOCR has resized it to the recognizer's height: the font fills 60..85 % of the height
 * (ascent plus descent), the baseline sits centred within {@code height / 16} pixels, the text
 * starts 2..{@code 1 + height / 8} pixels from the left edge, and 1..{@code height / 8} pixels of
 * paper follow its ink ({@code usedWidth}); the paper continues to the right edge until the
 * caller pads it.
 */
final class LineLayout {
    private LineLayout() {}

    /**
     * A drawn line.
     *
     * @param canvas the strip, degradations not yet applied
     * @param paper its paper
     * @param text the string drawn
     * @param usedWidth the columns holding the text and its margins; the rest is padding
     */
    record Drawn(Canvas canvas, Paper paper, String text, int usedWidth) {}

    static Drawn draw(FontSet fonts, RandomGenerator rng, int width, int height, int maxChars) {
        Paper paper = Paper.random(rng);
        Canvas canvas = new Canvas(width, height);
        paper.paint(canvas.pixels(), width, height);
        FontFace face = FontFace.values()[rng.nextInt(FontFace.values().length)];
        LineMetrics unit = fonts.font(face, 100f).getLineMetrics("Ag", Canvas.FRC);
        double perPixel = (unit.getAscent() + unit.getDescent()) / 100.0;
        float px = (float) Math.max(6, height * rng.nextDouble(0.6, 0.85) / perPixel);
        Font font = fonts.font(face, px);
        int left = 2 + rng.nextInt(Math.max(1, height / 8));
        int right = 1 + rng.nextInt(Math.max(1, height / 8));
        int room = width - left - right;
        Font chosen = font;
        String text = Phrases.phrase(rng, maxChars, 1 + rng.nextInt(6), t -> inkRight(chosen, t) <= room);
        while (inkRight(font, text) > room && px > 6) {
            px *= 0.9f;
            font = fonts.font(face, px);
        }
        LineMetrics m = font.getLineMetrics(text, Canvas.FRC);
        int jitter = height / 16;
        float baseline = (height - m.getAscent() - m.getDescent()) / 2f + m.getAscent() + rng.nextInt(-jitter, jitter + 1);
        canvas.draw(Canvas.glyphs(font, text), Ink.random(rng), left, baseline);
        int used = (int) Math.min(width, left + Math.ceil(inkRight(font, text)) + right);
        return new Drawn(canvas, paper, text, used);
    }

    /** The rightmost column the text reaches from origin 0: its advance or its ink, whichever is further. */
    static double inkRight(Font font, String text) {
        GlyphVector gv = Canvas.glyphs(font, text);
        return Math.max(gv.getLogicalBounds().getMaxX(), Canvas.inkBounds(gv, 0, 0).getMaxX());
    }
}
