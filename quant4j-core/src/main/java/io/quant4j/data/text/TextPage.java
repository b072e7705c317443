package io.quant4j.data.text;

import io.quant4j.data.image.Image8;
import java.util.List;

/**
 * A rendered page for a text detector: an RGB image of printed lines on paper and one
 * {@link TextBox} per line, top to bottom.
 *
 * @param image the page, {@code height x width x 3}
 * @param boxes the lines' boxes, inside the image, at least one
 */
public record TextPage(Image8 image, List<TextBox> boxes) {
    public TextPage {
        if (image == null || image.channels() != 3) {
            throw new IllegalArgumentException("expected an RGB page, found " + image);
        }
        if (boxes == null || boxes.isEmpty()) {
            throw new IllegalArgumentException("expected at least one text box on a page, found none");
        }
        for (TextBox b : boxes) {
            if (b.x() + b.width() > image.width() || b.y() + b.height() > image.height()) {
                throw new IllegalArgumentException("expected every box inside the " + image.width() + " x " + image.height()
                        + " page, found " + b);
            }
        }
        boxes = List.copyOf(boxes);
    }
}
