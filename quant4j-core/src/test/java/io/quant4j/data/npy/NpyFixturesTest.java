package io.quant4j.data.npy;

import static io.quant4j.data.npy.NpyBytes.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Every value of the numpy-written fixtures (see the fixtures' README and make_fixtures.py). */
class NpyFixturesTest {
    private static float[] all(NpyFile f) {
        float[] out = new float[(int) f.count() * f.sampleSize()];
        for (int i = 0; i < f.count(); i++) {
            f.readSample(i, out, i * f.sampleSize());
        }
        return out;
    }

    @Test
    void float32Images() throws IOException {
        try (NpyFile f = NpyFile.open(fixture("f4_3x2x2x2.npy"))) {
            assertThat(f.version()).isEqualTo("1.0");
            assertThat(f.dtype()).isEqualTo(NpyDtype.FLOAT32);
            assertThat(f.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
            assertThat(f.shape()).containsExactly(3, 2, 2, 2);
            assertThat(f.count()).isEqualTo(3);
            assertThat(f.sampleShape()).containsExactly(2, 2, 2);
            assertThat(f.sampleSize()).isEqualTo(8);
            assertThat(f.file()).isEqualTo(fixture("f4_3x2x2x2.npy"));
            float[] dst = new float[10];
            f.readSample(2, dst, 1);
            assertThat(dst[0]).isZero();
            for (int j = 0; j < 8; j++) {
                assertThat(dst[1 + j]).isEqualTo((16 + j) * 0.5f - 3);
            }
            assertThat(dst[9]).isZero();
            float[] every = all(f);
            for (int i = 0; i < 24; i++) {
                assertThat(every[i]).isEqualTo(i * 0.5f - 3);
            }
        }
    }

    @Test
    void float16MatchesNumpysOwnConversion() throws IOException {
        try (NpyFile half = NpyFile.open(fixture("f2_2x8.npy"));
             NpyFile ref = NpyFile.open(fixture("f2_2x8_as_f4.npy"))) {
            assertThat(half.dtype()).isEqualTo(NpyDtype.FLOAT16);
            float[] got = all(half);
            float[] want = all(ref);
            for (int i = 0; i < 16; i++) {
                assertThat(Float.floatToRawIntBits(got[i])).as("element %d", i).isEqualTo(Float.floatToRawIntBits(want[i]));
            }
            assertThat(got[2]).isEqualTo(0x1p-24f);
            assertThat(got[7]).isEqualTo(65504f);
            assertThat(got[10]).isNaN();
            assertThat(got[11]).isEqualTo(0.0999755859375f);
        }
    }

    @Test
    void uint8ImagesAreZeroTo255Unscaled() throws IOException {
        try (NpyFile f = NpyFile.open(fixture("u1_4x1x3x3.npy"))) {
            assertThat(f.dtype()).isEqualTo(NpyDtype.UINT8);
            assertThat(f.sampleShape()).containsExactly(1, 3, 3);
            float[] every = all(f);
            byte[] bytes = new byte[9];
            f.readSampleBytes(3, bytes, 0);
            for (int i = 0; i < 36; i++) {
                assertThat(every[i]).isEqualTo((i * 7) % 256);
            }
            for (int j = 0; j < 9; j++) {
                assertThat(bytes[j] & 0xff).isEqualTo(((27 + j) * 7) % 256);
            }
            assertThat(every[35]).isEqualTo(245f);
        }
    }

    @Test
    void versions2And3() throws IOException {
        for (String name : new String[] {"f4_2x3_v2.npy", "f4_2x3_v3.npy"}) {
            try (NpyFile f = NpyFile.open(fixture(name))) {
                assertThat(f.version()).isEqualTo(name.contains("v2") ? "2.0" : "3.0");
                assertThat(f.shape()).containsExactly(2, 3);
                assertThat(all(f)).containsExactly(0, 1, 2, 3, 4, 5);
            }
        }
    }

    @Test
    void oneDimensionalFloat64AndScalar() throws IOException {
        try (NpyFile f = NpyFile.open(fixture("f4_1d.npy"))) {
            assertThat(f.sampleShape()).isEmpty();
            assertThat(f.sampleSize()).isEqualTo(1);
            assertThat(all(f)).containsExactly(1.5f, -2.25f, 0f, 1e-3f, 3e38f);
        }
        try (NpyFile f = NpyFile.open(fixture("f8_2x2.npy"))) {
            assertThat(f.dtype()).isEqualTo(NpyDtype.FLOAT64);
            assertThat(all(f)).containsExactly(0.1f, (float) (1.0 / 3.0), -2.5f, 0f);
        }
        try (NpyFile f = NpyFile.open(fixture("f4_scalar.npy"))) {
            assertThat(f.shape()).isEmpty();
        }
    }

    @Test
    void bigEndianIsConverted() throws IOException {
        try (NpyFile f = NpyFile.open(fixture("f4_be_2x3.npy"))) {
            assertThat(f.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
            assertThat(all(f)).containsExactly(0f, 1.25f, 2.5f, 3.75f, 5f, 6.25f);
        }
        try (NpyFile f = NpyFile.open(fixture("i8_be.npy"))) {
            assertThat(f.readLongs()).containsExactly(1, -2, 300_000_000_000L);
        }
    }

    @Test
    void integerAndBoolTypes() throws IOException {
        try (NpyFile f = NpyFile.open(fixture("i8_labels.npy"))) {
            assertThat(f.dtype()).isEqualTo(NpyDtype.INT64);
            assertThat(f.readLongs()).containsExactly(3, 0, 9, 1);
            assertThat(f.readLabel(2)).isEqualTo(9);
            assertThat(all(f)).containsExactly(3, 0, 9, 1);
        }
        try (NpyFile f = NpyFile.open(fixture("i4_labels_4x1.npy"))) {
            assertThat(f.dtype()).isEqualTo(NpyDtype.INT32);
            assertThat(NpyLabels.read(f)).containsExactly(2, 0, 1, 2);
        }
        try (NpyFile f = NpyFile.open(fixture("i1.npy"))) {
            assertThat(f.readLongs()).containsExactly(-128, -1, 0, 127);
            assertThat(all(f)).containsExactly(-128, -1, 0, 127);
        }
        try (NpyFile f = NpyFile.open(fixture("b1.npy"))) {
            assertThat(f.dtype()).isEqualTo(NpyDtype.BOOL);
            assertThat(f.readLongs()).containsExactly(1, 0, 1);
            assertThat(all(f)).containsExactly(1, 0, 1);
        }
    }
}
