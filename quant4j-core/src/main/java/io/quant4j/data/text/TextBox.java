package io.quant4j.data.text;

/**
 * The ground truth of one rendered line of text on a page: the axis-aligned box that holds its
 * ink, in pixels of the page, and the string drawn there. The box covers columns
 * {@code x .. x + width - 1} and rows {@code y .. y + height - 1}: every pixel the glyphs touch
 * (anti-aliased edges included) lies inside it; the page's optional blur spreads the ink by at
 * most one more pixel, faintly.
 *
 * @param x left column, at least 0
 * @param y top row, at least 0
 * @param width columns, at least 1
 * @param height rows, at least 1
 * @param text the string drawn, not blank, without tabs or line breaks
 */
public record TextBox(int x, int y, int width, int height, String text) {
    public TextBox {
        if (x < 0 || y < 0 || width < 1 || height < 1) {
            throw new IllegalArgumentException("expected a box at x, y >= 0 of positive size, found x " + x + ", y " + y
                    + ", " + width + " x " + height);
        }
        if (text == null || text.isBlank() || text.chars().anyMatch(c -> c == '\t' || c == '\n' || c == '\r')) {
            throw new IllegalArgumentException("expected a non-blank text on one line without tabs, found "
                    + (text == null ? "null" : "'" + text + "'"));
        }
    }

    /** Whether pixel ({@code row}, {@code col}) lies inside the box. */
    public boolean contains(int row, int col) {
        return row >= y && row < y + height && col >= x && col < x + width;
    }
}
