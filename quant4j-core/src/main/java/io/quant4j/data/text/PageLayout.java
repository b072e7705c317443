package io.quant4j.data.text;

import java.awt.Font;
import java.awt.Rectangle;
import java.awt.font.GlyphVector;
import java.awt.font.LineMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Lines of text on a page, top to bottom: each line in a random {@link FontFace}, a size of
 * {@code min(W, H) / 40 .. min(W, H) / 13} pixels per em (at least 10 and 14), a dark
 * {@link Ink}, left-aligned at a column in the left third of the page; 35 % of the lines are
 * short (1 to 3 tokens), the others fill 60..100 % of the room to the right margin. The gap to
 * the next line is 0.25..1.2 line heights. The box of a line is the pixel bounds of its glyphs.
 */
final class PageLayout {
    private PageLayout() {}

    /**
     * A drawn page.
     *
     * @param canvas the page, degradations not yet applied
     * @param paper its paper
     * @param boxes the lines, top to bottom
     */
    record Drawn(Canvas canvas, Paper paper, List<TextBox> boxes) {}

    static Drawn draw(FontSet fonts, RandomGenerator rng, int width, int height) {
        Paper paper = Paper.random(rng);
        Canvas canvas = new Canvas(width, height);
        paper.paint(canvas.pixels(), width, height);
        int side = Math.min(width, height);
        int margin = Math.max(4, side / 40) + rng.nextInt(Math.max(1, side / 40));
        double minPx = Math.max(10, side / 40.0);
        double maxPx = Math.max(minPx + 4, side / 13.0);
        List<TextBox> boxes = new ArrayList<>();
        double top = margin;
        while (true) {
            FontFace face = FontFace.values()[rng.nextInt(FontFace.values().length)];
            Font font = fonts.font(face, (float) rng.nextDouble(minPx, maxPx));
            LineMetrics m = font.getLineMetrics("Ag", Canvas.FRC);
            double lineHeight = m.getAscent() + m.getDescent();
            if (top + lineHeight > height - margin) {
                break;
            }
            int x = margin + rng.nextInt(Math.max(1, width / 3));
            int room = width - margin - x;
            boolean shortLine = rng.nextInt(100) < 35;
            double limit = shortLine ? room : room * rng.nextDouble(0.6, 1.0);
            String text = Phrases.phrase(rng, 200, shortLine ? 1 + rng.nextInt(3) : 40,
                    t -> LineLayout.inkRight(font, t) <= limit);
            float baseline = (float) (top + m.getAscent());
            top = baseline + m.getDescent() + lineHeight * rng.nextDouble(0.25, 1.2);
            if (LineLayout.inkRight(font, text) > room) {
                continue;
            }
            GlyphVector gv = Canvas.glyphs(font, text);
            Rectangle ink = Canvas.inkBounds(gv, x, baseline).intersection(new Rectangle(0, 0, width, height));
            if (ink.isEmpty()) {
                continue;
            }
            canvas.draw(gv, Ink.random(rng), x, baseline);
            boxes.add(new TextBox(ink.x, ink.y, ink.width, ink.height, text));
        }
        return new Drawn(canvas, paper, boxes);
    }
}
