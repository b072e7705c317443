package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExifOrientationTest {
    /** An APP1 Exif segment whose IFD0 holds a filler tag, then Orientation (type SHORT or LONG). */
    static byte[] app1(int orientation, boolean little, int type) {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        write(tiff, little ? new byte[] {'I', 'I'} : new byte[] {'M', 'M'});
        u16(tiff, 42, little);
        u32(tiff, 8, little);
        u16(tiff, 2, little);                                        // two entries
        u16(tiff, 0x010F, little);                                   // Make, ASCII, 4 bytes inline
        u16(tiff, 2, little);
        u32(tiff, 4, little);
        write(tiff, new byte[] {'Q', '4', 'J', 0});
        u16(tiff, 0x0112, little);                                   // Orientation
        u16(tiff, type, little);
        u32(tiff, 1, little);
        if (type == 3) {
            u16(tiff, orientation, little);
            u16(tiff, 0, little);
        } else {
            u32(tiff, orientation, little);
        }
        u32(tiff, 0, little);                                        // no next IFD
        byte[] body = tiff.toByteArray();
        ByteArrayOutputStream seg = new ByteArrayOutputStream();
        write(seg, new byte[] {(byte) 0xFF, (byte) 0xE1});
        u16(seg, body.length + 8, false);
        write(seg, new byte[] {'E', 'x', 'i', 'f', 0, 0});
        write(seg, body);
        return seg.toByteArray();
    }

    /** The JPEG with {@code segment} inserted right after SOI. */
    static byte[] withSegment(byte[] jpeg, byte[] segment) {
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(segment, 0, out, 2, segment.length);
        System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
        return out;
    }

    private static void write(ByteArrayOutputStream out, byte[] b) {
        out.write(b, 0, b.length);
    }

    private static void u16(ByteArrayOutputStream out, int v, boolean little) {
        out.write(little ? v & 0xFF : (v >> 8) & 0xFF);
        out.write(little ? (v >> 8) & 0xFF : v & 0xFF);
    }

    private static void u32(ByteArrayOutputStream out, int v, boolean little) {
        u16(out, little ? v & 0xFFFF : v >>> 16, little);
        u16(out, little ? v >>> 16 : v & 0xFFFF, little);
    }

    private static byte[] plainJpeg() throws IOException {
        BufferedImage img = new BufferedImage(16, 8, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                img.setRGB(x, y, (x * 16) << 16 | (y * 32) << 8 | 200);
            }
        }
        return ImageDecoderTest.encode(img, "jpeg");
    }

    @Test
    void readsEveryOrientationInBothByteOrdersAndTypes() throws IOException {
        byte[] jpeg = plainJpeg();
        for (int o = 1; o <= 8; o++) {
            assertThat(ExifOrientation.of(withSegment(jpeg, app1(o, true, 3)))).isEqualTo(o);
            assertThat(ExifOrientation.of(withSegment(jpeg, app1(o, false, 3)))).isEqualTo(o);
            assertThat(ExifOrientation.of(withSegment(jpeg, app1(o, false, 4)))).isEqualTo(o);
        }
    }

    @Test
    void absentOutOfRangeOrMalformedExifMeansAsStored() throws IOException {
        byte[] jpeg = plainJpeg();
        assertThat(ExifOrientation.of(jpeg)).isEqualTo(1);
        assertThat(ExifOrientation.of(withSegment(jpeg, app1(9, true, 3)))).isEqualTo(1);
        assertThat(ExifOrientation.of(withSegment(jpeg, app1(6, true, 5)))).isEqualTo(1);   // RATIONAL: not an orientation
        byte[] bad = app1(6, true, 3);
        bad[10] = 'X';                                                                        // byte order neither II nor MM
        assertThat(ExifOrientation.of(withSegment(jpeg, bad))).isEqualTo(1);
        byte[] cut = withSegment(jpeg, app1(6, true, 3));
        assertThat(ExifOrientation.of(Arrays.copyOf(cut, 30))).isEqualTo(1);
        assertThat(ExifOrientation.of(new byte[] {1, 2, 3})).isEqualTo(1);
    }

    @Test
    void decodeTurnsEachOrientationUprightUnlessAskedNotTo() throws IOException {
        byte[] jpeg = plainJpeg();
        Image8 stored = ImageDecoder.decode(jpeg, "plain.jpg", ColorMode.RGB);
        for (int o = 1; o <= 8; o++) {
            byte[] tagged = withSegment(jpeg, app1(o, o % 2 == 0, 3));
            Transposition turn = Transposition.forExifOrientation(o);
            Image8 upright = ImageDecoder.decode(tagged, "o" + o + ".jpg", ColorMode.RGB);
            assertThat(upright).as("orientation " + o).isEqualTo(turn == null ? stored : turn.apply(stored));
            assertThat(ImageDecoder.decode(tagged, "o" + o + ".jpg", ColorMode.RGB, false)).isEqualTo(stored);
        }
    }
}
