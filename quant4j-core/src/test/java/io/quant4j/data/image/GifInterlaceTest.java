package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class GifInterlaceTest {
    /** A 3-wide grey-palette GIF whose pixel (y, x) has value {@code 3y + x + 1}; ImageIO's writer interlaces it. */
    private static byte[] numberedGif(int h) throws IOException {
        byte[] ramp = new byte[256];
        for (int i = 0; i < 256; i++) {
            ramp[i] = (byte) i;
        }
        BufferedImage img = new BufferedImage(3, h, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 256, ramp, ramp, ramp));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < 3; x++) {
                img.getRaster().setSample(x, y, 0, 3 * y + x + 1);
            }
        }
        return ImageDecoderTest.encode(img, "gif");
    }

    @Test
    void interlacedGifsOfEveryHeightDecodeInDisplayOrder() throws IOException {
        for (int h = 1; h <= 20; h++) {
            byte[] gif = numberedGif(h);
            assertThat(GifInterlace.isInterlaced(gif)).as("ImageIO's writer interlaces, h=" + h).isTrue();
            Image8 img = ImageDecoder.decode(gif, "n.gif", ColorMode.L);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < 3; x++) {
                    assertThat(img.get(y, x, 0)).as("h=%d (%d, %d)", h, y, x).isEqualTo(3 * y + x + 1);
                }
            }
        }
    }

    @Test
    void storedRowsMoveToTheirPasses() {
        // 10 rows stored as passes: 0, 8 | 4 | 2, 6 | 1, 3, 5, 7, 9
        byte[] stored = {0, 8, 4, 2, 6, 1, 3, 5, 7, 9};
        Image8 display = GifInterlace.toDisplayOrder(new Image8(10, 1, 1, stored));
        assertThat(display.data()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void progressiveCopyClearsOnlyTheFlag() throws IOException {
        byte[] gif = numberedGif(5);
        byte[] copy = GifInterlace.markedProgressive(gif);
        int at = GifInterlace.firstImageFlags(gif);
        assertThat(copy[at]).isEqualTo((byte) (gif[at] & ~0x40));
        copy[at] = gif[at];
        assertThat(copy).isEqualTo(gif);
        assertThat(GifInterlace.firstImageFlags(new byte[] {'G', 'I', 'F'})).isEqualTo(-1);
    }
}
