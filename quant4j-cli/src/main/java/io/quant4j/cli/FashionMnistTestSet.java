package io.quant4j.cli;

import io.quant4j.errors.Quant4jException;
import io.quant4j.onnx.ImageBatch;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A minimal reader of the Fashion-MNIST test set (IDX files, gzip), normalized as
 * {@code (u8/255 - 0.2860) / 0.3530}, for {@code quant4j eval} and export verification.
 * Self-contained on purpose: it is replaced by {@code io.quant4j.data} when that package lands.
 *
 * <p>IDX: big-endian int32 magic ({@code 0x803} images, {@code 0x801} labels), count, then rows
 * and cols for images, then one unsigned byte per pixel or label. Lookup order of the folder:
 * the explicit one, {@code $QUANT4J_DATA/fashion-mnist}, {@code ~/.quant4j/datasets/fashion-mnist},
 * {@code /usr/share/datasets/fashion-mnist}.
 */
final class FashionMnistTestSet {
    static final float MEAN = 0.2860f;
    static final float STD = 0.3530f;
    static final String IMAGES = "t10k-images-idx3-ubyte.gz";
    static final String LABELS = "t10k-labels-idx1-ubyte.gz";

    private final byte[] pixels;
    private final int[] labels;
    private final int rows;
    private final int cols;

    private FashionMnistTestSet(byte[] pixels, int[] labels, int rows, int cols) {
        this.pixels = pixels;
        this.labels = labels;
        this.rows = rows;
        this.cols = cols;
    }

    /** The folder holding the test files, or null when none of the lookup places has them. */
    static Path find(Path explicit) {
        List<Path> candidates = new ArrayList<>();
        if (explicit != null) {
            candidates.add(explicit);
        } else {
            String env = System.getenv("QUANT4J_DATA");
            if (env != null && !env.isBlank()) {
                candidates.add(Path.of(env, "fashion-mnist"));
            }
            candidates.add(Path.of(System.getProperty("user.home"), ".quant4j", "datasets", "fashion-mnist"));
            candidates.add(Path.of("/usr/share/datasets/fashion-mnist"));
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c.resolve(IMAGES)) && Files.isRegularFile(c.resolve(LABELS))) {
                return c;
            }
        }
        return null;
    }

    /** Finds and reads the test set, or fails naming the places looked at. */
    static FashionMnistTestSet load(Path explicit, int limit) {
        Path dir = find(explicit);
        if (dir == null) {
            throw new Quant4jException("Fashion-MNIST test files (" + IMAGES + ", " + LABELS + ") not found in "
                    + (explicit != null ? explicit : "$QUANT4J_DATA/fashion-mnist, ~/.quant4j/datasets/fashion-mnist, "
                    + "/usr/share/datasets/fashion-mnist"),
                    "Give the folder with --data, set QUANT4J_DATA, or install the Debian package dataset-fashion-mnist.");
        }
        return read(dir.resolve(IMAGES), dir.resolve(LABELS), limit);
    }

    static FashionMnistTestSet read(Path images, Path labels, int limit) {
        try (DataInputStream im = open(images); DataInputStream lb = open(labels)) {
            int magic = im.readInt();
            if (magic != 0x803) {
                throw bad(images, 0, "magic 0x00000803", String.format("0x%08x", magic));
            }
            int n = im.readInt();
            int rows = im.readInt();
            int cols = im.readInt();
            int lmagic = lb.readInt();
            if (lmagic != 0x801) {
                throw bad(labels, 0, "magic 0x00000801", String.format("0x%08x", lmagic));
            }
            int ln = lb.readInt();
            if (ln != n || n < 0 || rows < 1 || cols < 1) {
                throw bad(labels, 4, n + " labels (as many as images)", Integer.toString(ln));
            }
            int count = limit > 0 ? Math.min(limit, n) : n;
            byte[] px = new byte[count * rows * cols];
            im.readFully(px);
            byte[] raw = new byte[count];
            lb.readFully(raw);
            int[] lab = new int[count];
            for (int i = 0; i < count; i++) {
                lab[i] = raw[i] & 0xff;
            }
            return new FashionMnistTestSet(px, lab, rows, cols);
        } catch (EOFException e) {
            throw new Quant4jException("IDX file ends early", images.getParent() != null ? images.getParent().toString() : null,
                    "The download is truncated; fetch the files again.", e);
        } catch (IOException e) {
            throw new Quant4jException("cannot read the IDX files: " + e.getMessage(), images.toString(),
                    "Check the files are gzip-compressed IDX as published.", e);
        }
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        return new DataInputStream(new java.io.BufferedInputStream(p.toString().endsWith(".gz") ? new GZIPInputStream(in) : in));
    }

    private static Quant4jException bad(Path file, long offset, String expected, String found) {
        return new Quant4jException("expected " + expected + ", found " + found, file + " at offset " + offset,
                "Give the Fashion-MNIST t10k IDX files.", null);
    }

    /** Number of images. */
    int size() {
        return labels.length;
    }

    /** Normalized, labelled batches {@code B x 1 x rows x cols} (the last one may be smaller). */
    List<ImageBatch> batches(int batchSize, int maxImages) {
        int n = maxImages > 0 ? Math.min(maxImages, size()) : size();
        int per = rows * cols;
        List<ImageBatch> out = new ArrayList<>();
        for (int start = 0; start < n; start += batchSize) {
            int b = Math.min(batchSize, n - start);
            float[] data = new float[b * per];
            for (int i = 0; i < data.length; i++) {
                data[i] = ((pixels[start * per + i] & 0xff) / 255f - MEAN) / STD;
            }
            int[] lab = java.util.Arrays.copyOfRange(labels, start, start + b);
            out.add(new ImageBatch(data, new long[] {b, 1, rows, cols}, lab));
        }
        return out;
    }

    /** Image shape {@code 1 x rows x cols}. */
    long[] sampleShape() {
        return new long[] {1, rows, cols};
    }
}
