package io.quant4j.data.text;

import io.quant4j.data.image.Image8;

/**
 * A rendered line for a text-direction classifier: an RGB crop of one printed line, upright
 * ({@code label 0}) or turned by 180 degrees ({@code label 1}), as PaddleOCR's classifier labels
 * them ({@code label_list: ['0', '180']}). The text is the string as read upright.
 *
 * @param image the crop, {@code height x width x 3}
 * @param text the string drawn, not blank
 * @param label 0 upright, 1 rotated by 180 degrees
 */
public record OrientedLine(Image8 image, String text, int label) {
    /** Label of an upright line. */
    public static final int UPRIGHT = 0;
    /** Label of a line turned by 180 degrees. */
    public static final int ROTATED = 1;

    public OrientedLine {
        if (image == null || image.channels() != 3) {
            throw new IllegalArgumentException("expected an RGB line image, found " + image);
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expected a non-blank text, found " + (text == null ? "null" : "'" + text + "'"));
        }
        if (label != UPRIGHT && label != ROTATED) {
            throw new IllegalArgumentException("expected label 0 (upright) or 1 (rotated by 180 degrees), found " + label);
        }
    }
}
