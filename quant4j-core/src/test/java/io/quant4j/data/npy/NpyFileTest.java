package io.quant4j.data.npy;

import static io.quant4j.data.npy.NpyBytes.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Use of a valid file: the model-input shape check, scalars, empty arrays and bounds. */
class NpyFileTest {
    @TempDir
    Path dir;

    @Test
    void sampleShapeMustMatchTheModelInput() throws IOException {
        try (NpyFile f = NpyFile.open(fixture("f4_3x2x2x2.npy"))) {
            f.checkSampleShape(2, 2, 2);
            f.checkSampleShape(2, -1, -1);
            NpyMismatchException e = catchThrowableOfType(NpyMismatchException.class, () -> f.checkSampleShape(3, 224, 224));
            assertThat(e.file()).isEqualTo(f.file());
            assertThat(e.getMessage()).isEqualTo(f.file() + ": sample shape mismatch: expected samples of shape [3, 224, 224]"
                    + " (the model input without its batch dimension), found [2, 2, 2] (the file's shape is [3, 2, 2, 2],"
                    + " samples first). Save the inputs samples-first in the model's input shape: np.save(path, x) with"
                    + " x.shape == (N, 3, 224, 224).");
            assertThat(catchThrowableOfType(NpyMismatchException.class, () -> f.checkSampleShape(3, -1, -1)).problem())
                    .contains("expected samples of shape [3, ?, ?]");
            assertThat(catchThrowableOfType(NpyMismatchException.class, () -> f.checkSampleShape(2, 2)).problem())
                    .contains("found [2, 2, 2]");
        }
    }

    @Test
    void aScalarHasNoSamples() throws IOException {
        try (NpyFile f = NpyFile.open(fixture("f4_scalar.npy"))) {
            NpyMismatchException e = catchThrowableOfType(NpyMismatchException.class, f::count);
            assertThat(e.problem()).isEqualTo("expected an array with samples along its first dimension, found a scalar (shape ())");
            assertThat(e.hint()).contains("x[None]");
            assertThat(f.toString()).endsWith("f4_scalar.npy (1.0, '<f4', shape [])");
        }
    }

    @Test
    void emptyArraysAndBounds() throws IOException {
        Path empty = NpyBytes.write(dir, "e.npy", NpyBytes.dict("<f4", "(0, 3)"), new byte[0]);
        try (NpyFile f = NpyFile.open(empty)) {
            assertThat(f.count()).isZero();
            assertThat(f.segments().segmentCount()).isZero();
            assertThatThrownBy(() -> f.readSample(0, new float[3], 0))
                    .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("found 0 in " + empty);
        }
        Path zeroSized = NpyBytes.write(dir, "z.npy", NpyBytes.dict("<f4", "(0, 4294967296, 4294967296, 0)"), new byte[0]);
        try (NpyFile f = NpyFile.open(zeroSized)) {
            assertThat(f.sampleSize()).isZero();
        }
        Path huge = NpyBytes.write(dir, "h.npy", NpyBytes.dict("<f4", "(0, 3000000000)"), new byte[0]);
        try (NpyFile f = NpyFile.open(huge)) {
            assertThat(catchThrowableOfType(NpyMismatchException.class, f::sampleSize).problem())
                    .endsWith("found the sample shape [3000000000]");
        }
        try (NpyFile f = NpyFile.open(fixture("f4_3x2x2x2.npy"))) {
            assertThatThrownBy(() -> f.readSample(3, new float[8], 0))
                    .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("expected a sample index in 0..2, found 3");
            assertThatThrownBy(() -> f.readSample(-1, new float[8], 0)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> f.readSample(0, new float[8], 1)).isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(catchThrowableOfType(NpyMismatchException.class, () -> f.readSampleBytes(0, new byte[8], 0)).problem())
                    .isEqualTo("expected uint8 ('|u1') data for a byte read, found '<f4'");
        }
    }
}
