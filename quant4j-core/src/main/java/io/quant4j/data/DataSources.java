package io.quant4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Opens a {@link DataSource} as a {@link Dataset} preprocessed for a model's {@link InputSpec},
 * and gives the loader transform that goes with it: the same folder, IDX split or array file
 * reads the same way from the CLI, recipes and Java.
 */
public final class DataSources {
    private DataSources() {}

    /**
     * The examples of {@code source}.
     *
     * @param split which split a named or IDX source gives (folders and arrays are one split)
     * @param spec the model's input: shape, decoding, resize and crop
     * @param augmentation training augmentation of image folders ({@link Augmentation#NONE} otherwise)
     * @param skipBadImages skip images that cannot be decoded instead of failing (the count is reported)
     * @throws DataSourceException when the data does not fit the model's input
     */
    public static Dataset open(DataSource source, Split split, InputSpec spec, Augmentation augmentation, boolean skipBadImages) {
        Dataset d;
        if (source instanceof DataSource.Named n) {
            d = Datasets.load(n.spec(), split, DatasetLocator.defaults());
        } else if (source instanceof DataSource.IdxFolder f) {
            d = idx(f.dir(), split);
        } else if (source instanceof DataSource.ImageFolder f) {
            d = ImageFolderDataset.labelled(f.dir(), spec, augmentation, skipBadImages);
        } else if (source instanceof DataSource.UnlabelledFolder f) {
            d = ImageFolderDataset.unlabelled(f.dir(), spec, augmentation, skipBadImages);
        } else {
            DataSource.Npy a = (DataSource.Npy) source;
            d = NpyDataset.open(a.data(), a.labels());
        }
        long[] want = spec.shape();
        if (!Arrays.equals(d.sampleShape(), want)) {
            throw new DataSourceException("the examples of " + d.name() + " have shape " + Arrays.toString(d.sampleShape())
                    + ", the model expects " + Arrays.toString(want), source.describe(),
                    source instanceof DataSource.Npy ? "Write the array with the model's input shape (N x "
                            + want[0] + " x " + want[1] + " x " + want[2] + ")."
                            : "Use data of the model's input size, or a model (input spec) that matches the data.");
        }
        return d;
    }

    /**
     * The per-example transform the loader applies after reading: normalization with the spec's
     * mean and std (plus random crop and flip of IDX data when augmenting); nothing for
     * preprocessed arrays.
     */
    public static Transform transform(DataSource source, InputSpec spec, Augmentation augmentation) {
        if (source instanceof DataSource.Npy) {
            return Transform.identity();
        }
        if (source instanceof DataSource.ImageFolder || source instanceof DataSource.UnlabelledFolder) {
            return spec.normalize();
        }
        return augmentation.floatTransform(spec.normalize());
    }

    /**
     * Refuses labels the model's head cannot predict: an image folder's class subfolders are the
     * labels {@code 0..k-1} in sorted order, so their count must equal the head's; other labelled
     * data must stay below it.
     *
     * @param headClasses the model's output classes (0: unknown, nothing checked)
     * @throws DataSourceException naming the source and what to do
     */
    public static void checkClasses(DataSource source, Dataset d, int headClasses) {
        if (headClasses <= 0 || !d.labelled()) {
            return;
        }
        if (source instanceof DataSource.ImageFolder && d.numClasses() != headClasses) {
            throw new DataSourceException("the folder has " + d.numClasses() + " class subfolders " + abbreviate(d.classNames())
                    + ", the model's head has " + headClasses + " outputs", source.describe(),
                    "Use a folder with one subfolder per model class (sorted names give the labels 0.." + (headClasses - 1)
                            + "), or a model trained for these " + d.numClasses() + " classes.");
        }
        if (d.numClasses() > headClasses) {
            throw new DataSourceException("the data has labels up to " + (d.numClasses() - 1) + ", the model's head has " + headClasses
                    + " outputs (labels 0.." + (headClasses - 1) + ")", source.describe(), "Use data labelled for this model's classes.");
        }
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 6 ? names.toString() : names.subList(0, 5) + " and " + (names.size() - 5) + " more";
    }

    private static Dataset idx(Path dir, Split split) {
        IdxDatasetSpec s = IdxDatasetSpec.FASHION_MNIST;
        Path images = DatasetLocator.find(dir, s.images(split));
        Path labels = DatasetLocator.find(dir, s.labels(split));
        if (images == null || labels == null) {
            List<String> want = List.of(s.images(split).name(), s.labels(split).name());
            throw new DataSourceException("the IDX folder has no " + split.name().toLowerCase(java.util.Locale.ROOT) + " split: expected "
                    + want + " (gzip or not)", dir.toString(), "Put the split's two IDX files in the folder.");
        }
        try {
            return Datasets.readIdx(dir.getFileName() + "/" + split.name().toLowerCase(java.util.Locale.ROOT), images, labels, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + images + ": " + e.getMessage(), e);
        }
    }
}
