package io.quant4j.data.text;

/**
 * A typeface the text renderer draws with: one of the six TrueType files of Debian's
 * {@code fonts-dejavu-core} package, optionally slanted. The slant is a horizontal shear
 * {@code x' = x - shear * y} (y grows downwards, so a positive shear leans the glyphs right), which
 * is how DejaVu's own Oblique faces are drawn; synthesizing it keeps the renderer on the core
 * package (the Oblique and Italic files are in {@code fonts-dejavu-extra}).
 */
public enum FontFace {
    SANS("DejaVuSans.ttf", 0),
    SANS_BOLD("DejaVuSans-Bold.ttf", 0),
    SANS_OBLIQUE("DejaVuSans.ttf", 0.2),
    SERIF("DejaVuSerif.ttf", 0),
    SERIF_BOLD("DejaVuSerif-Bold.ttf", 0),
    SERIF_OBLIQUE("DejaVuSerif.ttf", 0.2),
    MONO("DejaVuSansMono.ttf", 0),
    MONO_BOLD("DejaVuSansMono-Bold.ttf", 0);

    private final String file;
    private final double shear;

    FontFace(String file, double shear) {
        this.file = file;
        this.shear = shear;
    }

    /** The TrueType file name, e.g. {@code DejaVuSans.ttf}. */
    public String file() {
        return file;
    }

    /** The horizontal shear applied to the glyphs (0 for upright faces). */
    public double shear() {
        return shear;
    }
}
