package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {
    @TempDir
    Path dir;

    /** A 28 x 28 grey image with every byte value (as an IDX record would hold). */
    private static byte[] idxLikeBytes() {
        byte[] b = new byte[28 * 28];
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i < 256 ? i : rng.nextInt(256));
        }
        return b;
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).as("ImageIO writes " + format).isTrue();
        return out.toByteArray();
    }

    static BufferedImage grey(int h, int w, byte[] pixels) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(pixels, 0, ((DataBufferByte) img.getRaster().getDataBuffer()).getData(), 0, pixels.length);
        return img;
    }

    @Test
    void greyPngMadeFromIdxBytesDecodesToExactlyThoseBytes() throws IOException {
        byte[] idx = idxLikeBytes();
        Path file = dir.resolve("0001.png");
        Files.write(file, encode(grey(28, 28, idx), "png"));

        Image8 l = ImageDecoder.decode(file, ColorMode.L);
        assertThat(l.shape().toString()).isEqualTo("1x28x28");
        assertThat(l.data()).isEqualTo(idx);

        Image8 rgb = ImageDecoder.decode(file);
        assertThat(rgb.channels()).isEqualTo(3);
        for (int i = 0; i < idx.length; i++) {
            assertThat(Arrays.copyOfRange(rgb.data(), 3 * i, 3 * i + 3)).containsOnly(idx[i]);
        }
    }

    @Test
    void rgbIsKeptAndLIsPilsLuma() throws IOException {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xFF8000);   // (255, 128, 0)
        img.setRGB(1, 0, 0x0A141E);   // (10, 20, 30)
        byte[] png = encode(img, "png");
        assertThat(ImageDecoder.decode(png, "two.png", ColorMode.RGB).data())
                .containsExactly(255 - 256, 128 - 256, 0, 10, 20, 30);
        // (255*19595 + 128*38470 + 0*7471 + 32768) >> 16 = 151; (10*19595 + 20*38470 + 30*7471 + 32768) >> 16 = 18
        assertThat(ImageDecoder.decode(png, "two.png", ColorMode.L).data()).containsExactly(151 - 256, 18);
    }

    @Test
    void decodesBmpAndGifWrittenByImageIo() throws IOException {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
        int[] colours = {0xFF0000, 0x00FF00, 0x0000FF, 0x102030, 0xFFFFFF, 0x000000};
        for (int i = 0; i < 6; i++) {
            img.setRGB(i % 3, i / 3, colours[i]);
        }
        byte[] expected = {-1, 0, 0, 0, -1, 0, 0, 0, -1, 0x10, 0x20, 0x30, -1, -1, -1, 0, 0, 0};
        assertThat(ImageDecoder.decode(encode(img, "bmp"), "x.bmp", ColorMode.RGB).data()).containsExactly(expected);
        byte[] r = new byte[8];
        byte[] g = new byte[8];
        byte[] b = new byte[8];
        for (int i = 0; i < 6; i++) {
            r[i] = (byte) (colours[i] >> 16);
            g[i] = (byte) (colours[i] >> 8);
            b[i] = (byte) colours[i];
        }
        BufferedImage indexed = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(3, 8, r, g, b));
        for (int i = 0; i < 6; i++) {
            indexed.getRaster().setSample(i % 3, i / 3, 0, i);
        }
        assertThat(ImageDecoder.decode(encode(indexed, "gif"), "x.gif", ColorMode.RGB).data()).containsExactly(expected);
        assertThat(ImageDecoder.decode(encode(indexed, "png"), "p.png", ColorMode.RGB).data()).containsExactly(expected);
    }

    @Test
    void aMissingFileNamesThePath() {
        Path missing = dir.resolve("cats/none.jpg");
        assertThatThrownBy(() -> ImageDecoder.decode(missing))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("expected an image file, found no file");
    }

    @Test
    void aTruncatedPngIsATypedErrorNamingTheFile() throws IOException {
        byte[] png = encode(grey(28, 28, idxLikeBytes()), "png");
        byte[] cut = Arrays.copyOf(png, png.length / 2);
        assertThatThrownBy(() -> ImageDecoder.decode(cut, "dogs/cut.png", ColorMode.L))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("dogs/cut.png: expected complete PNG data")
                .hasMessageContaining("truncated or corrupt");
    }

    @Test
    void aTruncatedJpegIsATypedErrorNotAGreyImage() throws IOException {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | ((x + y) * 2));
            }
        }
        byte[] jpeg = encode(img, "jpeg");
        assertThat(ImageDecoder.decode(jpeg, "whole.jpg", ColorMode.RGB).height()).isEqualTo(48);
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length * 2 / 3);
        assertThatThrownBy(() -> ImageDecoder.decode(cut, "birds/cut.jpg", ColorMode.RGB))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("birds/cut.jpg: expected complete JPEG data")
                .hasMessageContaining("truncated or corrupt");
    }

    @Test
    void otherFormatsAndEmptyFilesAreRefusedWithWhatWasFound() {
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> ImageDecoder.decode(webp, "a.webp", ColorMode.RGB))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("expected a PNG, JPEG, GIF or BMP file, found 16 bytes starting 52 49 46 46")
                .hasMessageContaining("convert the image to PNG or JPEG");
        assertThatThrownBy(() -> ImageDecoder.decode(new byte[0], "empty.png", ColorMode.RGB))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("found 0 bytes starting (empty)");
    }

    @Test
    void aCmykJpegIsRefusedWithAConversionHint() throws IOException {
        byte[] cmyk = CmykJpeg.make();
        assertThatThrownBy(() -> ImageDecoder.decode(cmyk, "print.jpg", ColorMode.RGB))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("print.jpg: ")
                .hasMessageContaining("CMYK")
                .hasMessageContaining("-colorspace sRGB");
    }
}
