package io.quant4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {
    @TempDir
    Path tmp;

    private static final IdxDatasetSpec SPEC = IdxDatasetSpec.FASHION_MNIST;

    private DatasetLocator locator(Path... roots) {
        return new DatasetLocator(Stream.of(roots).map(r -> new DatasetLocator.Root(r, "root " + r.getFileName())).toList(), null, null);
    }

    @Test
    void firstCompleteRootWins() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path c = tmp.resolve("c");
        IdxFiles.writeDataset(b.resolve("fashion-mnist"), SPEC, 6, 2, 2, true);
        IdxFiles.writeDataset(c.resolve("fashion-mnist"), SPEC, 8, 2, 2, false);
        assertThat(locator(a, b, c).locate(SPEC)).isEqualTo(b.resolve("fashion-mnist"));
        assertThat(locator(a, c, b).locate(SPEC)).isEqualTo(c.resolve("fashion-mnist"));
        Dataset d = Datasets.load(SPEC, Split.TRAIN, locator(a, c, b));
        assertThat(d.size()).isEqualTo(8);
        assertThat(d.label(3)).isEqualTo(3);
    }

    @Test
    void incompleteRootIsSkippedAndNamed() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        IdxFiles.writeDataset(a.resolve("fashion-mnist"), SPEC, 4, 2, 2, true);
        Files.delete(a.resolve("fashion-mnist").resolve("t10k-labels-idx1-ubyte.gz"));
        IdxFiles.writeDataset(b.resolve("fashion-mnist"), SPEC, 4, 2, 2, true);
        assertThat(locator(a, b).locate(SPEC)).isEqualTo(b.resolve("fashion-mnist"));
        assertThatThrownBy(() -> locator(a).locate(SPEC))
                .hasMessageContaining("missing t10k-labels-idx1-ubyte.gz");
    }

    @Test
    void aRootTheUserPointedAtIsNeverPassedOver() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path full = tmp.resolve("full");
        IdxFiles.writeDataset(full.resolve("fashion-mnist"), SPEC, 4, 2, 2, true);
        DatasetLocator l = new DatasetLocator(List.of(new DatasetLocator.Root(empty, "$QUANT4J_DATA", true),
                new DatasetLocator.Root(full, "~/.quant4j/datasets")), null, null);
        assertThatThrownBy(() -> l.locate(SPEC))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("where $QUANT4J_DATA points: " + empty.resolve("fashion-mnist") + " (no such folder)")
                .hasMessageContaining("stop pointing $QUANT4J_DATA there");
        DatasetLocator passable = new DatasetLocator(List.of(new DatasetLocator.Root(empty, "$QUANT4J_DATA"),
                new DatasetLocator.Root(full, "~/.quant4j/datasets")), null, null);
        assertThat(passable.locate(SPEC)).isEqualTo(full.resolve("fashion-mnist"));
    }

    @Test
    void nothingFoundGivesOneErrorWithTheThreeWays() {
        DatasetLocator l = new DatasetLocator(List.of(new DatasetLocator.Root(null, "$QUANT4J_DATA"),
                new DatasetLocator.Root(tmp.resolve("home"), "~/.quant4j/datasets")), null, null);
        assertThatThrownBy(() -> l.locate(SPEC))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("Fashion-MNIST not found")
                .hasMessageContaining("$QUANT4J_DATA (not set)")
                .hasMessageContaining(tmp.resolve("home").resolve("fashion-mnist") + " (no such folder)")
                .hasMessageContaining("download is off")
                .hasMessageContaining("(1) set QUANT4J_DATA")
                .hasMessageContaining("(2) put them in ~/.quant4j/datasets/fashion-mnist")
                .hasMessageContaining("(3) install the Debian package dataset-fashion-mnist");
    }

    @Test
    void defaultsHonourTheSystemPropertyFirst() {
        String old = System.getProperty("quant4j.data");
        try {
            System.setProperty("quant4j.data", tmp.toString());
            List<DatasetLocator.Root> roots = DatasetLocator.defaults().roots();
            assertThat(roots).extracting(DatasetLocator.Root::path).containsExactly(tmp,
                    Path.of(System.getProperty("user.home"), ".quant4j", "datasets"), Path.of("/usr/share/datasets"));
        } finally {
            if (old == null) {
                System.clearProperty("quant4j.data");
            } else {
                System.setProperty("quant4j.data", old);
            }
        }
    }

    /** A spec whose checksums are those of files we publish in {@code mirror}. */
    private IdxDatasetSpec publish(Path mirror, boolean corruptOne) throws Exception {
        IdxFiles.writeDataset(mirror, SPEC, 5, 3, 3, true);
        DatasetFile[] files = new DatasetFile[4];
        List<DatasetFile> orig = SPEC.files();
        for (int i = 0; i < 4; i++) {
            byte[] content = Files.readAllBytes(mirror.resolve(orig.get(i).name()));
            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
            if (corruptOne && i == 2) {
                sha = "00" + sha.substring(2);
            }
            files[i] = new DatasetFile(orig.get(i).name(), md5, sha);
        }
        return new IdxDatasetSpec("Tiny", "tiny", new ImageShape(1, 3, 3), SPEC.classNames(), files[0], files[1], files[2], files[3],
                URI.create("http://invalid.example/"), null);
    }

    @Test
    void downloadsFromFileUrlAndVerifies() throws Exception {
        Path mirror = tmp.resolve("mirror");
        IdxDatasetSpec spec = publish(mirror, false);
        Path home = tmp.resolve("home");
        DatasetLocator l = new DatasetLocator(List.of(new DatasetLocator.Root(home, "home")), home, mirror.toUri());
        Path dir = l.locate(spec);
        assertThat(dir).isEqualTo(home.resolve("tiny"));
        assertThat(Datasets.load(spec, Split.TEST, l).size()).isEqualTo(5);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
        }
    }

    @Test
    void checksumMismatchKeepsNothing() throws Exception {
        Path mirror = tmp.resolve("mirror");
        IdxDatasetSpec spec = publish(mirror, true);
        Path home = tmp.resolve("home");
        DatasetLocator l = new DatasetLocator(List.of(), home, mirror.toUri());
        assertThatThrownBy(() -> l.locate(spec))
                .isInstanceOf(DatasetChecksumException.class)
                .hasMessageContaining("SHA-256 checksum mismatch for t10k-images-idx3-ubyte.gz")
                .hasMessageContaining("expected 00");
        try (Stream<Path> s = Files.list(home.resolve("tiny"))) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .doesNotContain("t10k-images-idx3-ubyte.gz")
                    .noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void downloadsOverHttpFromALocalServer() throws Exception {
        Path mirror = tmp.resolve("mirror");
        IdxDatasetSpec spec = publish(mirror, false);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/data/", ex -> {
            Path f = mirror.resolve(ex.getRequestURI().getPath().substring("/data/".length()));
            byte[] body = Files.readAllBytes(f);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            Path home = tmp.resolve("home");
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/data/");
            DatasetLocator l = new DatasetLocator(List.of(), home, base);
            assertThat(Datasets.load(spec, Split.TRAIN, l).size()).isEqualTo(5);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void unreachableMirrorFallsBackToTheNotFoundError() throws Exception {
        Path mirror = tmp.resolve("mirror");
        IdxDatasetSpec spec = publish(mirror, false);
        Path home = tmp.resolve("home");
        DatasetLocator l = new DatasetLocator(List.of(), home, tmp.resolve("nowhere").toUri());
        assertThatThrownBy(() -> l.locate(spec))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("download from " + tmp.resolve("nowhere").toUri())
                .hasMessageContaining("failed");
    }
}
