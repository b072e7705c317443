package io.quant4j.data.npy;

import static io.quant4j.data.npy.NpyBytes.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesTheSameBytesAsNumpy() throws IOException {
        float[] v = new float[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5f - 3;
        }
        Path f = dir.resolve("f.npy");
        NpyWriter.writeFloat32(f, v, 3, 2, 2, 2);
        assertThat(Files.readAllBytes(f)).isEqualTo(Files.readAllBytes(fixture("f4_3x2x2x2.npy")));
        Path l = dir.resolve("l.npy");
        NpyWriter.writeInt64(l, new long[] {3, 0, 9, 1}, 4);
        assertThat(Files.readAllBytes(l)).isEqualTo(Files.readAllBytes(fixture("i8_labels.npy")));
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("f.npy", "l.npy");
    }

    @Test
    void headerIsPaddedTo64BytesAndEndsWithANewline() {
        for (long[] shape : new long[][] {{}, {0}, {7}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}}) {
            long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            byte[] h = NpyWriter.header("<f4", shape, (int) n);
            assertThat(h.length % 64).isZero();
            assertThat(h[h.length - 1]).isEqualTo((byte) '\n');
            assertThat((h[8] & 0xff) | (h[9] & 0xff) << 8).isEqualTo(h.length - 10);
        }
        assertThat(text(NpyWriter.header("<f4", new long[0], 1)))
                .matches("\\{'descr': '<f4', 'fortran_order': False, 'shape': \\(\\), } +\n");
        assertThat(text(NpyWriter.header("<i8", new long[] {5}, 5)))
                .matches("\\{'descr': '<i8', 'fortran_order': False, 'shape': \\(5,\\), } +\n");
    }

    private static String text(byte[] header) {
        return new String(header, 10, header.length - 10, StandardCharsets.US_ASCII);
    }

    @Test
    void roundTripIsBitExact() throws IOException {
        Random rnd = new Random(7);
        float[] v = new float[70_000]; // more than one 64 KiB write buffer
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.intBitsToFloat(rnd.nextInt());
        }
        v[0] = Float.NaN;
        v[1] = -0.0f;
        Path f = dir.resolve("r.npy");
        NpyWriter.writeFloat32(f, v, 10_000, 7);
        try (NpyFile back = NpyFile.open(f)) {
            float[] got = new float[v.length];
            for (int i = 0; i < back.count(); i++) {
                back.readSample(i, got, i * 7);
            }
            for (int i = 0; i < v.length; i++) {
                assertThat(Float.floatToRawIntBits(got[i])).isEqualTo(Float.floatToRawIntBits(v[i]));
            }
        }
        long[] longs = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE, 42, 43};
        NpyWriter.writeInt64(f, longs, 3, 2);
        try (NpyFile back = NpyFile.open(f)) {
            assertThat(back.shape()).containsExactly(3, 2);
            assertThat(back.readLongs()).containsExactly(longs);
        }
    }

    @Test
    void shapeMustMatchTheData() throws IOException {
        Path f = dir.resolve("bad.npy");
        assertThatThrownBy(() -> NpyWriter.writeFloat32(f, new float[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("expected 6 values for the shape [2, 3], found 5");
        assertThatThrownBy(() -> NpyWriter.writeInt64(f, new long[0], -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected dimensions >= 0");
        assertThat(f).doesNotExist();
    }
}
