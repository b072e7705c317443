package io.quant4j.cli;

import io.quant4j.data.Augmentation;
import io.quant4j.data.Batch;
import io.quant4j.data.BatchStream;
import io.quant4j.data.DataLoader;
import io.quant4j.data.DataSource;
import io.quant4j.data.DataSources;
import io.quant4j.data.Dataset;
import io.quant4j.data.ImageFolderDataset;
import io.quant4j.data.InputSpec;
import io.quant4j.data.LoaderOptions;
import io.quant4j.data.Split;
import io.quant4j.errors.Quant4jException;
import io.quant4j.onnx.ImageBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The data of the commands: {@code --data} (evaluation) and {@code --calib-data} (calibration)
 * name a {@link DataSource} (a dataset name, an IDX folder, an image folder, a {@code .npy}),
 * preprocessed as the model's {@link InputSpec} says. Without {@code --data}, the model's own
 * dataset ({@code fashion_mnist} for resnet_fmnist); without {@code --calib-data}, the training
 * split of a named or IDX source, else the evaluation source itself.
 */
final class CliData {
    /**
     * Images per batch where ptq evaluates and verifies. 128 rather than 256: resnet_fmnist's first
     * activations are then 6.4 MB instead of 12.8 MB, and {@code ptq --export} peaked at 0.66-0.70
     * instead of 1.19 GB with glibc's allocator (0.54 instead of 0.67 GB with tcmalloc), 3 s faster.
     */
    static final int EVAL_BATCH = 128;

    /** Decoding threads of image folders. */
    static final int WORKERS = Math.max(1, Runtime.getRuntime().availableProcessors());

    private CliData() {}

    /**
     * The evaluation source: {@code given}, else the model's default.
     *
     * @throws Quant4jException when neither exists
     */
    static DataSource evalSource(String given, String modelDefault, String model) {
        if (given != null) {
            return DataSource.parse(given);
        }
        if (modelDefault == null) {
            throw new Quant4jException(model + " has no default dataset: expected --data PATH", "command line",
                    "Give --data: an image folder (one subfolder per class), an IDX folder or a .npy of preprocessed inputs.", null);
        }
        return DataSource.parse(modelDefault);
    }

    /** The calibration source: {@code given}, else the evaluation source (its training split when it has one). */
    static DataSource calibSource(String given, DataSource eval) {
        return given != null ? DataSource.parse(given) : eval;
    }

    /** The split a source gives for calibration: the training split of a named or IDX source (folders and arrays are one split). */
    static Split calibSplit(DataSource s) {
        return s instanceof DataSource.Named || s instanceof DataSource.IdxFolder ? Split.TRAIN : Split.TEST;
    }

    /**
     * The first {@code limit} examples (all when 0) of a source's test split, in order.
     *
     * @param headClasses the model's output classes (0: unknown); labels must fit them, and an
     *     image folder must have exactly as many class subfolders
     */
    static DataLoader eval(DataSource source, InputSpec spec, int headClasses, int batchSize, int limit, boolean skipBadImages) {
        return eval(source, spec, headClasses, batchSize, limit, skipBadImages, true);
    }

    /** As {@link #eval(DataSource, InputSpec, int, int, int, boolean)}; {@code requireLabels} false accepts unlabelled data. */
    static DataLoader eval(DataSource source, InputSpec spec, int headClasses, int batchSize, int limit, boolean skipBadImages,
                           boolean requireLabels) {
        Dataset d = open(source, Split.TEST, spec, skipBadImages);
        if (requireLabels && !d.labelled()) {
            throw new Quant4jException("evaluation needs labels: " + d.name() + " has none", source.describe(),
                    "Give labelled data: an image folder with one subfolder per class, or a .npy with NAME.labels.npy beside it.", null);
        }
        DataSources.checkClasses(source, d, headClasses);
        if (limit > 0 && limit < d.size()) {
            d = d.slice(0, limit);
        }
        return new DataLoader(d, LoaderOptions.evaluation(batchSize).withWorkers(WORKERS)
                .withTransform(DataSources.transform(source, spec, Augmentation.NONE)));
    }

    /**
     * The first {@code limit} examples (all when 0) of a source's {@code split}, in order, labelled
     * or not (the caller checks {@link io.quant4j.data.Dataset#labelled()}): the slice the accuracy
     * budget search measures on.
     */
    static DataLoader slice(DataSource source, Split split, InputSpec spec, int headClasses, int batchSize, int limit,
                            boolean skipBadImages) {
        Dataset d = open(source, split, spec, skipBadImages);
        if (d.labelled()) {
            DataSources.checkClasses(source, d, headClasses);
        }
        if (limit > 0 && limit < d.size()) {
            d = d.slice(0, limit);
        }
        return new DataLoader(d, LoaderOptions.evaluation(batchSize).withWorkers(WORKERS)
                .withTransform(DataSources.transform(source, spec, Augmentation.NONE)));
    }

    /**
     * The first {@code limit} examples (all when 0) of a source's test split, in order, labelled
     * or not (comparisons of two models need no labels).
     */
    static DataLoader inputs(DataSource source, InputSpec spec, int batchSize, int limit, boolean skipBadImages) {
        Dataset d = open(source, Split.TEST, spec, skipBadImages);
        if (limit > 0 && limit < d.size()) {
            d = d.slice(0, limit);
        }
        return new DataLoader(d, LoaderOptions.evaluation(batchSize).withWorkers(WORKERS)
                .withTransform(DataSources.transform(source, spec, Augmentation.NONE)));
    }

    /** Opens a source without augmentation and says how many bad images were skipped. */
    private static Dataset open(DataSource source, Split split, InputSpec spec, boolean skipBadImages) {
        return open(source, split, spec, Augmentation.NONE, skipBadImages);
    }

    /** The source's split with {@code augmentation}; says how many images were skipped for not decoding. */
    private static Dataset open(DataSource source, Split split, InputSpec spec, Augmentation augmentation, boolean skipBadImages) {
        Dataset d = DataSources.open(source, split, spec, augmentation, skipBadImages);
        if (d instanceof ImageFolderDataset f && !f.skipped().isEmpty()) {
            ImageFolderDataset.SkippedImage first = f.skipped().get(0);
            System.out.printf(Locale.ROOT, "skipped %,d of %,d images of %s that do not decode (first: %s)%n", f.skipped().size(),
                    f.size() + f.skipped().size(), source.describe(), first.reason());
        }
        return d;
    }

    /** Calibration batches: the source shuffled with {@code seed}, no augmentation. */
    static DataLoader calibration(DataSource source, Split split, InputSpec spec, int batchSize, long seed, boolean skipBadImages) {
        Dataset d = open(source, split, spec, skipBadImages);
        return new DataLoader(d, LoaderOptions.evaluation(batchSize).withShuffle(true).withSeed(seed).withWorkers(WORKERS)
                .withTransform(DataSources.transform(source, spec, Augmentation.NONE)));
    }

    /**
     * Training batches: the source's training split (a named or IDX source; folders and arrays are
     * one split), its first {@code limit} examples (all when 0), shuffled per epoch by the trainer's
     * seed, with {@code augmentation} (image folders only, decoded images). Labels are kept when the
     * data has them; none are needed.
     */
    static DataLoader training(DataSource source, InputSpec spec, int batchSize, int limit, boolean skipBadImages,
                               Augmentation augmentation) {
        Dataset d = open(source, calibSplit(source), spec, augmentation, skipBadImages);
        if (limit > 0 && limit < d.size()) {
            d = d.slice(0, limit);
        }
        return new DataLoader(d, LoaderOptions.training(batchSize).withWorkers(WORKERS)
                .withTransform(DataSources.transform(source, spec, augmentation)));
    }

    /** Batches for ONNX Runtime (float data, shape, and labels when the data has them). */
    static List<ImageBatch> imageBatches(DataLoader loader, int maxBatches) {
        List<ImageBatch> out = new ArrayList<>();
        try (BatchStream s = loader.epoch(0)) {
            for (Batch b : s) {
                if (maxBatches > 0 && out.size() >= maxBatches) {
                    break;
                }
                int[] labels = null;
                if (b.labelled()) {
                    long[] lab = b.labelData();
                    labels = new int[lab.length];
                    for (int i = 0; i < lab.length; i++) {
                        labels[i] = (int) lab[i];
                    }
                }
                out.add(new ImageBatch(b.imageData().clone(), b.shape(), labels));
            }
        }
        return out;
    }
}
