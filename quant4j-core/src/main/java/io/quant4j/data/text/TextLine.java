package io.quant4j.data.text;

import io.quant4j.data.image.Image8;

/**
 * A rendered line for a text recognizer: an RGB crop of one printed line on paper, left-aligned,
 * padded on the right with grey {@value TextRenderer#PAD_VALUE} (PaddleOCR's padding), and the
 * string it shows.
 *
 * @param image the crop, {@code height x width x 3}
 * @param text the ground-truth string, not blank
 */
public record TextLine(Image8 image, String text) {
    public TextLine {
        if (image == null || image.channels() != 3) {
            throw new IllegalArgumentException("expected an RGB line image, found " + image);
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expected a non-blank ground-truth text, found " + (text == null ? "null" : "'" + text + "'"));
        }
    }
}
