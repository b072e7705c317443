package io.quant4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Loads the MNIST-family datasets from IDX files.
 *
 * <pre>{@code
 * Dataset train = Datasets.fashionMnist(Split.TRAIN);    // 60000 images 1x28x28, 10 classes
 * Dataset test  = Datasets.load(IdxDatasetSpec.FASHION_MNIST, Split.TEST, DatasetLocator.defaults());
 * }</pre>
 */
public final class Datasets {
    private Datasets() {}

    /** Fashion-MNIST, found with {@link DatasetLocator#defaults()}. */
    public static Dataset fashionMnist(Split split) {
        return load(IdxDatasetSpec.FASHION_MNIST, split, DatasetLocator.defaults());
    }

    /** MNIST, found with {@link DatasetLocator#defaults()}. */
    public static Dataset mnist(Split split) {
        return load(IdxDatasetSpec.MNIST, split, DatasetLocator.defaults());
    }

    /** A split of a dataset, located (or downloaded) by {@code locator}. */
    public static Dataset load(IdxDatasetSpec spec, Split split, DatasetLocator locator) {
        Path dir = locator.locate(spec);
        Path images = DatasetLocator.find(dir, spec.images(split));
        Path labels = DatasetLocator.find(dir, spec.labels(split));
        String name = spec.dirName() + "/" + split.name().toLowerCase(java.util.Locale.ROOT);
        try {
            return readIdx(name, images, labels, spec.numClasses());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + spec.title() + " from " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * An in-memory dataset from an IDX images file ({@code N x H x W}, one channel) and an IDX labels
     * file ({@code N}); checks that the counts agree and that labels are below {@code classes}
     * ({@code classes <= 0}: as many classes as the largest label + 1).
     */
    public static Dataset readIdx(String name, Path images, Path labels, int classes) throws IOException {
        IdxReader.IdxArray img = IdxReader.read(images, 3);
        IdxReader.IdxArray lab = IdxReader.read(labels, 1);
        if (img.count() != lab.count()) {
            throw new IdxFormatException("images and labels disagree: " + img.count() + " images in " + images
                    + ", " + lab.count() + " labels", labels, 4,
                    "Give the labels file that belongs to the images file (same split).", null);
        }
        int[] y = new int[lab.count()];
        int bound = classes > 0 ? classes : 256;
        int max = 0;
        for (int i = 0; i < y.length; i++) {
            y[i] = lab.data()[i] & 0xff;
            max = Math.max(max, y[i]);
            if (y[i] >= bound) {
                throw new IdxFormatException("label out of range: expected 0.." + (bound - 1) + ", found " + y[i]
                        + " for example " + i, labels, 8 + i, "The labels file is corrupt or of another dataset.", null);
            }
        }
        ImageShape shape = new ImageShape(1, img.dims()[1], img.dims()[2]);
        return new ArrayDataset(name, shape, classes > 0 ? classes : max + 1, img.data(), y);
    }
}
