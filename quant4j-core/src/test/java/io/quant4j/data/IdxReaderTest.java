package io.quant4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path tmp;

    private static byte[] images() {
        byte[] px = new byte[3 * 2 * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (250 - i);
        }
        return IdxFiles.idx(new int[] {3, 2, 4}, px);
    }

    @Test
    void readsRawAndGzipAlike() throws IOException {
        Path raw = Files.write(tmp.resolve("img-idx3-ubyte"), images());
        Path gz = Files.write(tmp.resolve("img-idx3-ubyte.gz"), IdxFiles.gzip(images()));
        for (Path p : new Path[] {raw, gz}) {
            IdxReader.IdxArray a = IdxReader.read(p, 3);
            assertThat(a.dims()).containsExactly(3, 2, 4);
            assertThat(a.count()).isEqualTo(3);
            assertThat(a.data()).hasSize(24);
            assertThat(a.data()[0] & 0xff).isEqualTo(250);
            assertThat(a.data()[23] & 0xff).isEqualTo(227);
        }
    }

    @Test
    void truncatedFileNamesFileAndOffset() throws IOException {
        byte[] full = images();
        Path p = Files.write(tmp.resolve("short-idx3-ubyte"), Arrays.copyOf(full, full.length - 5));
        assertThatThrownBy(() -> IdxReader.read(p, 3))
                .isInstanceOfSatisfying(IdxFormatException.class, e -> {
                    assertThat(e.file()).isEqualTo(p);
                    assertThat(e.offset()).isEqualTo(full.length - 5);
                })
                .hasMessageContaining(p.toString())
                .hasMessageContaining("byte offset " + (full.length - 5))
                .hasMessageContaining("truncated")
                .hasMessageContaining("from byte 16 to 40");
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        Path p = Files.write(tmp.resolve("hdr"), Arrays.copyOf(images(), 7));
        assertThatThrownBy(() -> IdxReader.read(p, 3))
                .isInstanceOfSatisfying(IdxFormatException.class, e -> assertThat(e.offset()).isEqualTo(7))
                .hasMessageContaining("dimension 0 of the header");
    }

    @Test
    void truncatedGzipNamesDecompressedOffset() throws IOException {
        byte[] gz = IdxFiles.gzip(images());
        Path p = Files.write(tmp.resolve("cut.gz"), Arrays.copyOf(gz, gz.length - 12));
        assertThatThrownBy(() -> IdxReader.read(p, 3))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(p.toString())
                .hasMessageContaining("byte offset")
                .hasMessageContaining("gzip");
    }

    @Test
    void badMagicIsReported() throws IOException {
        byte[] b = images();
        Path p = Files.write(tmp.resolve("labels-as-images"), b);
        assertThatThrownBy(() -> IdxReader.read(p, 1))
                .isInstanceOfSatisfying(IdxFormatException.class, e -> assertThat(e.offset()).isZero())
                .hasMessageContaining("expected 0x00000801")
                .hasMessageContaining("found 0x00000803");
        b[2] = 0x0D; // float data
        Path q = Files.write(tmp.resolve("floats"), b);
        assertThatThrownBy(() -> IdxReader.read(q, 3)).hasMessageContaining("found 0x00000d03");
    }

    @Test
    void trailingDataIsAnError() throws IOException {
        byte[] b = Arrays.copyOf(images(), images().length + 3);
        Path p = Files.write(tmp.resolve("long"), b);
        assertThatThrownBy(() -> IdxReader.read(p, 3))
                .isInstanceOfSatisfying(IdxFormatException.class, e -> assertThat(e.offset()).isEqualTo(40))
                .hasMessageContaining("after the end");
    }

    @Test
    void labelsMustMatchImages() throws IOException {
        Path img = Files.write(tmp.resolve("i"), images());
        Path lab = Files.write(tmp.resolve("l"), IdxFiles.idx(new int[] {2}, new byte[] {1, 2}));
        assertThatThrownBy(() -> Datasets.readIdx("t", img, lab, 10))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("3 images")
                .hasMessageContaining("2 labels");
        Path bad = Files.write(tmp.resolve("b"), IdxFiles.idx(new int[] {3}, new byte[] {1, 12, 2}));
        assertThatThrownBy(() -> Datasets.readIdx("t", img, bad, 10))
                .isInstanceOfSatisfying(IdxFormatException.class, e -> assertThat(e.offset()).isEqualTo(9))
                .hasMessageContaining("found 12 for example 1");
    }

    @Test
    void readsInstalledFashionMnist() {
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        Assumptions.assumeTrue(Files.isDirectory(dir), "Fashion-MNIST is not installed at " + dir + " (Debian package dataset-fashion-mnist)");
        DatasetLocator only = new DatasetLocator(java.util.List.of(new DatasetLocator.Root(Path.of("/usr/share/datasets"), "debian")), null, null);
        Dataset test = Datasets.load(IdxDatasetSpec.FASHION_MNIST, Split.TEST, only);
        assertThat(test.size()).isEqualTo(10000);
        assertThat(test.imageShape()).isEqualTo(new ImageShape(1, 28, 28));
        assertThat(test.label(0)).isEqualTo(9); // the first test image is an ankle boot
        int[] counts = new int[10];
        for (int i = 0; i < test.size(); i++) {
            counts[test.label(i)]++;
        }
        assertThat(counts).containsOnly(1000);
    }
}
