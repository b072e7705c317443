package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * 16-bit PNGs as PIL reads them (the fixtures gray16_20x14.png and rgb16_12x9.png check the same
 * against Pillow itself): grey values clip to 255, colour keeps the high byte, and a {@code tRNS}
 * chunk (which ImageIO turns into an alpha band) changes neither.
 */
class SixteenBitPngTest {
    private static final int[] VALUES = {0, 7, 254, 255, 256, 300, 4095, 65535};

    /** A PNG of one row with the given 16-bit samples, colour type 0 (grey) or 2 (RGB), optionally with tRNS. */
    private static byte[] png(int colourType, int[] samples, boolean transparent) {
        int channels = colourType == 2 ? 3 : 1;
        int width = samples.length / channels;
        ByteBuffer raw = ByteBuffer.allocate(1 + 2 * samples.length);
        raw.put((byte) 0);
        for (int s : samples) {
            raw.putShort((short) s);
        }
        Deflater deflater = new Deflater();
        deflater.setInput(raw.array());
        deflater.finish();
        byte[] buf = new byte[4096];
        int n = deflater.deflate(buf);
        deflater.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(1).put((byte) 16).put((byte) colourType)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        if (transparent) {
            chunk(out, "tRNS", ByteBuffer.allocate(2 * channels).putShort((short) 7).array());
        }
        chunk(out, "IDAT", java.util.Arrays.copyOf(buf, n));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] kind = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        CRC32 crc = new CRC32();
        crc.update(kind);
        crc.update(data);
        out.writeBytes(kind);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Test
    void greyClipsTo255WithOrWithoutATransparentValue() {
        byte[] expected = new byte[VALUES.length];
        for (int i = 0; i < VALUES.length; i++) {
            expected[i] = (byte) Math.min(VALUES[i], 255);
        }
        for (boolean transparent : new boolean[] {false, true}) {
            Image8 l = ImageDecoder.decode(png(0, VALUES, transparent), "g16.png", ColorMode.L);
            assertThat(l.data()).as("tRNS " + transparent).containsExactly(expected);
        }
    }

    @Test
    void colourKeepsTheHighByteWithOrWithoutATransparentValue() {
        int[] samples = {0, 255, 256, 511, 512, 65535};
        for (boolean transparent : new boolean[] {false, true}) {
            Image8 rgb = ImageDecoder.decode(png(2, samples, transparent), "c16.png", ColorMode.RGB);
            assertThat(rgb.data()).as("tRNS " + transparent).containsExactly(0, 0, 1, 1, 2, 255 - 256);
        }
    }
}
