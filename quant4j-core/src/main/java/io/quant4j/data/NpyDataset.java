package io.quant4j.data;

import io.quant4j.data.npy.NpyFile;
import io.quant4j.data.npy.NpyLabels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.random.RandomGenerator;

/**
 * Preprocessed inputs from a {@code .npy} array, {@code N} first (any sample shape; float32,
 * float16 or uint8, read as float32 values as stored: no scaling, no normalization), with labels
 * from an integer {@code .npy} of {@code N} entries when given. The file is memory-mapped: one
 * example is copied per read.
 */
public final class NpyDataset implements Dataset {
    private final NpyFile data;
    private final int[] labels;
    private final int classes;

    private NpyDataset(NpyFile data, int[] labels) {
        this.data = data;
        this.labels = labels;
        int max = -1;
        if (labels != null) {
            for (int y : labels) {
                max = Math.max(max, y);
            }
        }
        this.classes = max + 1;
    }

    /**
     * Opens an array and its labels (null: unlabelled).
     *
     * @throws io.quant4j.errors.Quant4jException for a malformed file or labels that do not match
     */
    public static NpyDataset open(Path data, Path labels) {
        try {
            NpyFile d = NpyFile.open(data);
            if (d.count() > Integer.MAX_VALUE) {
                throw new DataSourceException("expected at most " + Integer.MAX_VALUE + " examples, found " + d.count(),
                        data.toString(), "Split the array into several files.");
            }
            if (labels == null) {
                return new NpyDataset(d, null);
            }
            try (NpyFile l = NpyFile.open(labels)) {
                NpyLabels.check(d, l);
                return new NpyDataset(d, NpyLabels.read(l));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + data + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return data.file().toString();
    }

    @Override
    public int size() {
        return (int) data.count();
    }

    @Override
    public long[] sampleShape() {
        return data.sampleShape();
    }

    @Override
    public boolean labelled() {
        return labels != null;
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public int label(int index) {
        if (labels == null) {
            throw new IllegalStateException(name() + " has no labels: expected " + name().replaceAll("\\.npy$", "")
                    + ".labels.npy beside it");
        }
        return labels[index];
    }

    @Override
    public void read(int index, float[] dst, int offset, RandomGenerator rng) {
        data.readSample(index, dst, offset);
    }
}
