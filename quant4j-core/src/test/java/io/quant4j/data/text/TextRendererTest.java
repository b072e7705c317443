package io.quant4j.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.data.image.Image8;
import io.quant4j.testing.DejaVuFonts;
import org.junit.jupiter.api.Test;

class TextRendererTest {
    /** Ink is at most 90 in luma and paper at least 215 less noise; blur leaves ink's neighbours above 150. */
    private static final int DARK = 150;

    private static int luma(Image8 img, int y, int x) {
        return (299 * img.get(y, x, 0) + 587 * img.get(y, x, 1) + 114 * img.get(y, x, 2)) / 1000;
    }

    @Test
    void theSameSeedGivesTheSamePixelsAndTruth() {
        TextRenderer r = DejaVuFonts.renderer();
        assertThat(r.page(5, 200, 160)).isEqualTo(r.page(5, 200, 160));
        assertThat(r.line(5, 320, 48)).isEqualTo(r.line(5, 320, 48));
        assertThat(r.orientedLine(5, 192, 48, true)).isEqualTo(r.orientedLine(5, 192, 48, true));
        assertThat(r.page(6, 200, 160).image()).isNotEqualTo(r.page(5, 200, 160).image());
        assertThat(TextRenderer.sampleSeed(0, 1)).isNotEqualTo(TextRenderer.sampleSeed(0, 2)).isNotEqualTo(TextRenderer.sampleSeed(1, 1));
    }

    @Test
    void everyDarkPixelOfAPageIsInsideAGroundTruthBoxAndEveryBoxHasInk() {
        TextRenderer r = DejaVuFonts.renderer();
        int lines = 0;
        for (int i = 0; i < 6; i++) {
            TextPage page = r.page(TextRenderer.sampleSeed(11, i), 480, 320);
            Image8 img = page.image();
            assertThat(img.width()).isEqualTo(480);
            assertThat(img.height()).isEqualTo(320);
            assertThat(page.boxes()).hasSizeGreaterThanOrEqualTo(3);
            int[] inkPerBox = new int[page.boxes().size()];
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < img.width(); x++) {
                    if (luma(img, y, x) >= DARK) {
                        continue;
                    }
                    boolean inside = false;
                    for (int b = 0; b < inkPerBox.length; b++) {
                        if (page.boxes().get(b).contains(y, x)) {
                            inkPerBox[b]++;
                            inside = true;
                        }
                    }
                    assertThat(inside).as("dark pixel (%d, %d) of page %d outside every box %s", y, x, i, page.boxes()).isTrue();
                }
            }
            for (int b = 0; b < inkPerBox.length; b++) {
                TextBox box = page.boxes().get(b);
                assertThat(inkPerBox[b]).as(box.toString()).isGreaterThan(box.text().replace(" ", "").length());
                assertThat(box.text()).isNotBlank();
                if (b > 0) {
                    TextBox above = page.boxes().get(b - 1);
                    assertThat(box.y()).as("lines top to bottom").isGreaterThanOrEqualTo(above.y() + above.height());
                }
            }
            lines += inkPerBox.length;
        }
        assertThat(lines).isGreaterThan(20);
    }

    @Test
    void aRecognizerLineHasItsTextOnTheLeftAndPaddleOcrPaddingOnTheRight() {
        TextRenderer r = DejaVuFonts.renderer();
        int padded = 0;
        for (int i = 0; i < 20; i++) {
            TextLine line = r.line(TextRenderer.sampleSeed(3, i), 320, 48);
            Image8 img = line.image();
            assertThat(img.height()).isEqualTo(48);
            assertThat(img.width()).isEqualTo(320);
            assertThat(line.text().length()).isBetween(1, TextRenderer.MAX_LINE_CHARS);
            assertThat(Phrases.CHARSET.chars().boxed().toList()).containsAll(line.text().chars().boxed().toList());
            int used = usedWidth(img);
            int lastInk = -1;
            int dark = 0;
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < used; x++) {
                    if (luma(img, y, x) < DARK) {
                        lastInk = Math.max(lastInk, x);
                        dark++;
                    }
                }
                for (int x = used; x < 320; x++) {
                    for (int c = 0; c < 3; c++) {
                        assertThat(img.get(y, x, c)).as("padding").isEqualTo(TextRenderer.PAD_VALUE);
                    }
                }
                assertThat(luma(img, y, 0)).as("paper before the text").isGreaterThan(DARK);
            }
            assertThat(dark).as(line.text()).isGreaterThan(line.text().replace(" ", "").length() * 3);
            assertThat(lastInk).as("paper after the ink, then padding").isBetween(0, used - 2);
            padded += used < 320 ? 1 : 0;
        }
        assertThat(padded).isGreaterThan(10);
    }

    /** The first column from which every pixel is padding. */
    private static int usedWidth(Image8 img) {
        int used = img.width();
        while (used > 0 && isPadding(img, used - 1)) {
            used--;
        }
        return used;
    }

    private static boolean isPadding(Image8 img, int x) {
        for (int y = 0; y < img.height(); y++) {
            for (int c = 0; c < 3; c++) {
                if (img.get(y, x, c) != TextRenderer.PAD_VALUE) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void aRotatedLineIsTheUprightOneTurnedBy180DegreesInsideItsCrop() {
        TextRenderer r = DejaVuFonts.renderer();
        for (int i = 0; i < 10; i++) {
            long seed = TextRenderer.sampleSeed(4, i);
            OrientedLine up = r.orientedLine(seed, 192, 48, false);
            OrientedLine down = r.orientedLine(seed, 192, 48, true);
            assertThat(up.label()).isEqualTo(OrientedLine.UPRIGHT);
            assertThat(down.label()).isEqualTo(OrientedLine.ROTATED);
            assertThat(down.text()).isEqualTo(up.text());
            int used = usedWidth(up.image());
            assertThat(usedWidth(down.image())).isEqualTo(used);
            int same = 0;
            int ink = 0;
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < used; x++) {
                    boolean a = luma(up.image(), y, x) < DARK;
                    boolean b = luma(down.image(), 47 - y, used - 1 - x) < DARK;
                    ink += a ? 1 : 0;
                    same += a == b ? 1 : 0;
                }
            }
            assertThat(ink).isPositive();
            assertThat(same).as(up.text()).isGreaterThanOrEqualTo(48 * used - Math.max(3, ink / 50));
        }
    }

    @Test
    void sizesOutsideTheRangesAreRefusedWithTheRange() {
        TextRenderer r = DejaVuFonts.renderer();
        assertThatThrownBy(() -> r.page(0, 32, 480)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[64, 8192]");
        assertThatThrownBy(() -> r.line(0, 80, 48)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[96, 8192]");
        assertThatThrownBy(() -> r.orientedLine(0, 192, 8, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[16, 512]");
        assertThatThrownBy(() -> new TextRenderer(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
