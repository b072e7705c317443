package io.quant4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written atomically get the permissions of a plainly created file (the umask's), not the
 * {@code 0600} of a {@code createTempFile}; no temporary file survives success or failure.
 */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private Set<PosixFilePermission> plain;

    @BeforeEach
    void plainPermissions() throws IOException {
        Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class),
                "the temporary folder's file system has no POSIX permissions");
        Path sibling = Files.createFile(dir.resolve("plain"));
        plain = Files.getPosixFilePermissions(sibling);
        Files.delete(sibling);
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void stringAndBytesGetThePermissionsOfAPlainFile() throws IOException {
        Path text = dir.resolve("summary.json");
        AtomicFiles.writeString(text, "{}\n");
        Path bytes = dir.resolve("model.onnx");
        AtomicFiles.write(bytes, out -> out.write(new byte[] {1, 2, 3}));

        assertThat(mode(text)).isEqualTo(PosixFilePermissions.toString(plain));
        assertThat(mode(bytes)).isEqualTo(PosixFilePermissions.toString(plain));
        assertThat(Files.readString(text, StandardCharsets.UTF_8)).isEqualTo("{}\n");
        assertThat(Files.readAllBytes(bytes)).containsExactly(1, 2, 3);
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("summary.json", "model.onnx");
    }

    @Test
    void safeTensorsGetThePermissionsOfAPlainFile() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        try (Scope s = Scope.open()) {
            SafeTensors.write(file, Map.of("w", Tensor.fromFloats(new float[] {1, 2}, 2)), Map.of());
        }
        assertThat(mode(file)).isEqualTo(PosixFilePermissions.toString(plain));
        assertThat(dir.toFile().list()).containsExactly("ckpt.safetensors");
    }

    @Test
    void aReplacedFileGetsDefaultPermissionsNotItsOldOnes() throws IOException {
        Path file = dir.resolve("ckpt_last.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        AtomicFiles.writeString(file, "new");
        assertThat(mode(file)).isEqualTo(PosixFilePermissions.toString(plain));
        assertThat(Files.readString(file)).isEqualTo("new");
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("recipe.yaml");
        Files.writeString(file, "old");
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            throw new IllegalStateException("checksum mismatch");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(file)).isEqualTo("old");
        assertThat(dir.toFile().list()).containsExactly("recipe.yaml");
    }
}
