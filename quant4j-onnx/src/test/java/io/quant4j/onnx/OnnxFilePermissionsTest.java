package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An exported ONNX file is the user's: it gets the permissions of a plainly created file, not 0600. */
class OnnxFilePermissionsTest {
    @TempDir
    Path dir;

    @Test
    void exportedFileGetsThePermissionsOfAPlainFile() throws IOException {
        Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class),
                "the temporary folder's file system has no POSIX permissions");
        String plain = PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain"))));
        Path out = dir.resolve("m.onnx");
        try (TestNets.QuantNet net = TestNets.quantNet(true, 35)) {
            OnnxExporter.export(net, out, ExportOptions.of(1, 1, 28, 28));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo(plain);
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("plain", "m.onnx");
    }
}
