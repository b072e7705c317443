package io.quant4j.data;

import io.quant4j.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Downloads one published file (any URL Java opens: {@code http(s)://}, {@code file://}) into a
 * folder, verifying its MD5 and/or SHA-256 before it appears under its final name. A failed or
 * mismatching download leaves nothing behind. The file is written through {@link AtomicFiles}
 * (temporary file beside it, flushed, renamed) and so gets the process's default permissions.
 */
final class Downloader {
    private static final int CONNECT_TIMEOUT_MS = 15_000;
    private static final int READ_TIMEOUT_MS = 60_000;

    private Downloader() {}

    /** Fetches {@code base + file.name()} into {@code dir/file.name()}; returns the final path. */
    static Path fetch(URI base, DatasetFile file, Path dir) throws IOException {
        URI url = base.resolve(file.name());
        Files.createDirectories(dir);
        Path target = dir.resolve(file.name());
        MessageDigest md5 = digest("MD5");
        MessageDigest sha = digest("SHA-256");
        AtomicFiles.write(target, out -> {
            URLConnection conn = url.toURL().openConnection();
            conn.setConnectTimeout(CONNECT_TIMEOUT_MS);
            conn.setReadTimeout(READ_TIMEOUT_MS);
            try (InputStream in = new DigestInputStream(new DigestInputStream(conn.getInputStream(), md5), sha)) {
                in.transferTo(out);
            }
            String gotMd5 = HexFormat.of().formatHex(md5.digest());
            String gotSha = HexFormat.of().formatHex(sha.digest());
            if (file.md5() != null && !file.md5().equals(gotMd5)) {
                throw mismatch("MD5", file.md5(), gotMd5, url, file);
            }
            if (file.sha256() != null && !file.sha256().equals(gotSha)) {
                throw mismatch("SHA-256", file.sha256(), gotSha, url, file);
            }
        });
        return target;
    }

    private static DatasetChecksumException mismatch(String algo, String expected, String found, URI url, DatasetFile file) {
        return new DatasetChecksumException(algo + " checksum mismatch for " + file.name() + ": expected " + expected
                + ", found " + found, url.toString(),
                "The download is damaged or the mirror serves other files; nothing was kept. Retry, or provide the"
                        + " official files yourself.");
    }

    private static MessageDigest digest(String algo) {
        try {
            return MessageDigest.getInstance(algo);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
