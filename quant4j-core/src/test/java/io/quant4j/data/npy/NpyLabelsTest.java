package io.quant4j.data.npy;

import static io.quant4j.data.npy.NpyBytes.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyLabelsTest {
    @TempDir
    Path dir;

    @Test
    void labelsMatchingTheData() throws IOException {
        try (NpyFile x = NpyFile.open(fixture("u1_4x1x3x3.npy"));
             NpyFile y = NpyFile.open(fixture("i8_labels.npy"));
             NpyFile column = NpyFile.open(fixture("i4_labels_4x1.npy"))) {
            NpyLabels.check(x, y);
            NpyLabels.check(x, column);
            assertThat(NpyLabels.read(y, 10)).containsExactly(3, 0, 9, 1);
            assertThat(column.readLabel(3)).isEqualTo(2);
        }
    }

    @Test
    void countMismatchNamesBothFiles() throws IOException {
        try (NpyFile x = NpyFile.open(fixture("f4_3x2x2x2.npy"));
             NpyFile y = NpyFile.open(fixture("i8_labels.npy"))) {
            NpyMismatchException e = catchThrowableOfType(NpyMismatchException.class, () -> NpyLabels.check(x, y));
            assertThat(e.file()).isEqualTo(y.file());
            assertThat(e.offset()).isEqualTo(-1);
            assertThat(e.getMessage()).isEqualTo(y.file() + ": labels count mismatch: expected 3 labels, one per sample of "
                    + x.file() + " (shape [3, 2, 2, 2]), found 4 (shape [4]). Save the labels of exactly the samples of"
                    + " the data file, in the same order.");
        }
    }

    @Test
    void notALabelsFile() throws IOException {
        try (NpyFile x = NpyFile.open(fixture("f4_3x2x2x2.npy"));
             NpyFile floats = NpyFile.open(fixture("f4_1d.npy"));
             NpyFile images = NpyFile.open(fixture("u1_4x1x3x3.npy"))) {
            assertThat(catchThrowableOfType(NpyMismatchException.class, () -> NpyLabels.check(x, floats)).problem())
                    .isEqualTo("expected an integer or bool type for labels, found '<f4'");
            assertThat(catchThrowableOfType(NpyMismatchException.class, () -> images.readLabel(0)).problem())
                    .isEqualTo("expected labels of shape (N,) or (N, 1), one class index per sample, found [4, 1, 3, 3]");
            assertThat(catchThrowableOfType(NpyMismatchException.class, floats::readLongs).hint()).contains("astype(np.int64)");
        }
    }

    @Test
    void negativeAndOutOfRangeLabelsNameTheSampleAndOffset() throws IOException {
        String header = NpyBytes.dict("<i8", "(4,)");
        header = header.substring(0, header.length() - 1) + " ".repeat(118 - header.length()) + "\n";
        Path file = NpyBytes.write(dir, "y.npy", header, NpyBytes.longs(0, 2, -1, 7));
        try (NpyFile y = NpyFile.open(file)) {
            assertThat(y.readLabel(1)).isEqualTo(2);
            NpyMismatchException negative = catchThrowableOfType(NpyMismatchException.class, () -> y.readLabel(2));
            assertThat(negative.offset()).isEqualTo(128 + 2 * 8);
            assertThat(negative.getMessage()).startsWith(file + ", byte offset 144: bad label: expected a class index >= 0,"
                    + " found -1 for sample 2");
            assertThat(catchThrowableOfType(NpyMismatchException.class, () -> NpyLabels.read(y)).offset()).isEqualTo(144);
            assertThat(y.readLongs()).containsExactly(0, 2, -1, 7);
        }
        NpyBytes.write(dir, "y.npy", header.replace("(4,)", "(3,)"), NpyBytes.longs(0, 2, 7));
        try (NpyFile y = NpyFile.open(file)) {
            assertThat(NpyLabels.read(y, 8)).containsExactly(0, 2, 7);
            NpyMismatchException high = catchThrowableOfType(NpyMismatchException.class, () -> NpyLabels.read(y, 5));
            assertThat(high.problem()).isEqualTo("bad label: expected a class index in 0..4, found 7 for sample 2");
            assertThat(high.offset()).isEqualTo(144);
        }
        NpyBytes.write(dir, "y.npy", header.replace("(4,)", "(1,)"), NpyBytes.longs(1L << 40));
        try (NpyFile y = NpyFile.open(file)) {
            assertThat(catchThrowableOfType(NpyMismatchException.class, () -> y.readLabel(0)).problem())
                    .contains("found 1099511627776");
        }
    }
}
