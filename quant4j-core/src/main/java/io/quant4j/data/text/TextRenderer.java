package io.quant4j.data.text;

import java.util.SplittableRandom;

/**
 * Renders printed text with the DejaVu fonts for OCR models, deterministically: the same seed,
 * size and font files give the same pixels and the same ground truth.
 *
 * <ul>
 *   <li>{@link #page}: a detector input, {@code W x H} (e.g. 480 x 480) paper with several lines
 *       in different faces, sizes and dark colours, left-aligned at different columns, and the
 *       box and string of every line;</li>
 *   <li>{@link #line}: a recognizer input, one line of at most {@value #MAX_LINE_CHARS}
 *       characters (PaddleOCR's {@code max_text_length}) on a {@code W x H} strip (e.g. 320 x 48):
 *       the crop of the line on its paper from the left, then padding, and its string;</li>
 *   <li>{@link #orientedLine}: a direction-classifier input (e.g. 192 x 48), a line upright or
 *       turned by 180 degrees; the turned crop is padded on the right as an upright one is, as
 *       PaddleOCR pads every crop it classifies.</li>
 * </ul>
 * The padding is grey {@value #PAD_VALUE}: PaddleOCR resizes a crop to the model's height and
 * pads the normalized tensor on the right with 0, i.e. pixel 127.5. The models depend on it:
 * padded with the paper instead, PP-OCRv4's recognizer reads a trailing space or a full-width
 * bracket on about half of the lines (34 of 64 read exactly; with grey, 251 of 256) and the
 * direction classifier gets 242 of 256 crops right instead of 250.
 * Papers are white or lightly tinted, sometimes with a faint gradient, a 3x3 blur (30 %) or grey
 * noise (50 %); see {@link Phrases} for the text. Images are RGB {@link io.quant4j.data.image.Image8}s;
 * {@link io.quant4j.data.image.PngWriter} writes them as PNG files.
 *
 * <pre>{@code
 * TextRenderer r = TextRenderer.dejavu();
 * for (int i = 0; i < n; i++) {
 *     TextPage page = r.page(TextRenderer.sampleSeed(seed, i), 480, 480);
 * }
 * }</pre>
 * Thread-safe.
 */
public final class TextRenderer {
    /** The most characters of a rendered line (PaddleOCR's {@code max_text_length}). */
    public static final int MAX_LINE_CHARS = 25;
    /**
     * The value of the padding right of a line's text, in every channel: 128, whose normalized
     * value {@code (128 / 255 - 0.5) / 0.5 = 0.0039} is PaddleOCR's padding of 0.
     */
    public static final int PAD_VALUE = 128;
    private static final int PAD_RGB = PAD_VALUE * 0x010101;
    private static final int MAX_SIDE = 8192;

    private final FontSet fonts;

    /** A renderer drawing with {@code fonts}. */
    public TextRenderer(FontSet fonts) {
        if (fonts == null) {
            throw new IllegalArgumentException("expected a font set, found null");
        }
        this.fonts = fonts;
    }

    /**
     * A renderer with the DejaVu fonts of {@link FontSet#dejavu()}.
     *
     * @throws FontsNotFoundException when the fonts are not installed
     */
    public static TextRenderer dejavu() {
        return new TextRenderer(FontSet.dejavu());
    }

    /**
     * The seed of sample {@code index} of a set generated from {@code seed}: SplittableRandom's
     * 64-bit mix of {@code seed + (index + 1) * 0x9E3779B97F4A7C15}, so that neighbouring
     * indices and seeds give unrelated samples.
     */
    public static long sampleSeed(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A page of printed lines for a text detector.
     *
     * @param width columns, 64 to 8192
     * @param height rows, 64 to 8192
     */
    public TextPage page(long seed, int width, int height) {
        check("page width", width, 64);
        check("page height", height, 64);
        SplittableRandom rng = new SplittableRandom(seed);
        PageLayout.Drawn d = PageLayout.draw(fonts, rng, width, height);
        d.paper().degrade(d.canvas().pixels(), width, height, rng);
        return new TextPage(d.canvas().toImage8(), d.boxes());
    }

    /**
     * One line of text for a recognizer, at most {@value #MAX_LINE_CHARS} characters.
     *
     * @param width columns, at least twice the height, at most 8192
     * @param height rows, 16 to 512
     */
    public TextLine line(long seed, int width, int height) {
        checkStrip(width, height);
        SplittableRandom rng = new SplittableRandom(seed);
        LineLayout.Drawn d = LineLayout.draw(fonts, rng, width, height, MAX_LINE_CHARS);
        d.paper().degrade(d.canvas().pixels(), width, height, rng);
        d.canvas().fillRight(d.usedWidth(), PAD_RGB);
        return new TextLine(d.canvas().toImage8(), d.text());
    }

    /**
     * One line of text for a direction classifier, upright (label 0) or turned by 180 degrees
     * (label 1). Give {@code rotated = index % 2 == 1} for a balanced set.
     *
     * @param width columns, at least twice the height, at most 8192
     * @param height rows, 16 to 512
     */
    public OrientedLine orientedLine(long seed, int width, int height, boolean rotated) {
        checkStrip(width, height);
        SplittableRandom rng = new SplittableRandom(seed);
        LineLayout.Drawn d = LineLayout.draw(fonts, rng, width, height, MAX_LINE_CHARS);
        if (rotated) {
            d.canvas().rotateLeftPart(d.usedWidth());
        }
        d.paper().degrade(d.canvas().pixels(), width, height, rng);
        d.canvas().fillRight(d.usedWidth(), PAD_RGB);
        return new OrientedLine(d.canvas().toImage8(), d.text(), rotated ? OrientedLine.ROTATED : OrientedLine.UPRIGHT);
    }

    private static void checkStrip(int width, int height) {
        if (height < 16 || height > 512) {
            throw new IllegalArgumentException("expected a line height in [16, 512] pixels, found " + height
                    + " (PaddleOCR's recognizer and classifier read 48)");
        }
        if (width < 2 * height || width > MAX_SIDE) {
            throw new IllegalArgumentException("expected a line width in [2 x height, 8192] = [" + 2 * height + ", 8192] pixels, found "
                    + width + " (PaddleOCR reads 320 for recognition, 192 for classification)");
        }
    }

    private static void check(String what, int v, int min) {
        if (v < min || v > MAX_SIDE) {
            throw new IllegalArgumentException("expected a " + what + " in [" + min + ", " + MAX_SIDE + "] pixels, found " + v);
        }
    }
}
