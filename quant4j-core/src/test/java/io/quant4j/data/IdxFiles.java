package io.quant4j.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
final class IdxFiles {
    private IdxFiles() {}

    /** IDX bytes of unsigned-byte data with these dimensions. */
    static byte[] idx(int[] dims, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(0);
        out.write(0x08);
        out.write(dims.length);
        for (int d : dims) {
            out.write(d >>> 24);
            out.write(d >>> 16);
            out.write(d >>> 8);
            out.write(d);
        }
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(raw);
        }
        return bos.toByteArray();
    }

    /** Writes a tiny dataset (n images h x w, labels i % classes) as the four files of {@code spec}. */
    static void writeDataset(Path dir, IdxDatasetSpec spec, int n, int h, int w, boolean gz) throws IOException {
        Files.createDirectories(dir);
        for (Split split : Split.values()) {
            byte[] pixels = new byte[n * h * w];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) (i * 7 + (split == Split.TEST ? 3 : 0));
            }
            byte[] labels = new byte[n];
            for (int i = 0; i < n; i++) {
                labels[i] = (byte) (i % spec.numClasses());
            }
            write(dir, spec.images(split), idx(new int[] {n, h, w}, pixels), gz);
            write(dir, spec.labels(split), idx(new int[] {n}, labels), gz);
        }
    }

    private static void write(Path dir, DatasetFile f, byte[] raw, boolean gz) throws IOException {
        if (gz) {
            Files.write(dir.resolve(f.name()), gzip(raw));
        } else {
            Files.write(dir.resolve(f.uncompressedName()), raw);
        }
    }
}
