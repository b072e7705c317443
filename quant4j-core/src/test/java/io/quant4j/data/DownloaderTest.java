package io.quant4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A download appears with the permissions of a plainly created file, and only when its checksum matches. */
class DownloaderTest {
    @TempDir
    Path tmp;

    private static String sha256(byte[] b) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void downloadGetsThePermissionsOfAPlainFile() throws Exception {
        Assumptions.assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class),
                "the temporary folder's file system has no POSIX permissions");
        Path mirror = Files.createDirectories(tmp.resolve("mirror"));
        byte[] data = {7, 8, 9, 10};
        Files.write(mirror.resolve("train.gz"), data);
        Path dest = Files.createDirectories(tmp.resolve("dest"));
        String plain = PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createFile(dest.resolve("plain"))));
        Files.delete(dest.resolve("plain"));

        Path got = Downloader.fetch(mirror.toUri(), new DatasetFile("train.gz", null, sha256(data)), dest);

        assertThat(got).isEqualTo(dest.resolve("train.gz"));
        assertThat(Files.readAllBytes(got)).containsExactly(data);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(got))).isEqualTo(plain);
        assertThat(dest.toFile().list()).containsExactly("train.gz");
    }

    @Test
    void aMismatchingDownloadLeavesNothing() throws IOException {
        Path mirror = Files.createDirectories(tmp.resolve("mirror"));
        Files.write(mirror.resolve("train.gz"), new byte[] {1});
        Path dest = Files.createDirectories(tmp.resolve("dest"));
        assertThatThrownBy(() -> Downloader.fetch(mirror.toUri(), new DatasetFile("train.gz", "00", null), dest))
                .isInstanceOf(DatasetChecksumException.class).hasMessageContaining("MD5 checksum mismatch");
        assertThat(dest.toFile().list()).isEmpty();
    }
}
