package io.quant4j.cli;

import io.quant4j.data.Batch;
import io.quant4j.data.BatchStream;
import io.quant4j.data.DataLoader;
import io.quant4j.data.Dataset;
import io.quant4j.data.DatasetLocator;
import io.quant4j.data.Datasets;
import io.quant4j.data.IdxDatasetSpec;
import io.quant4j.data.LoaderOptions;
import io.quant4j.data.Normalize;
import io.quant4j.data.Split;
import io.quant4j.onnx.ImageBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fashion-MNIST for the commands: located as {@link DatasetLocator#defaults()} does, or under
 * {@code --data DIR} (a folder holding {@code fashion-mnist/}), normalized
 * {@code (u8/255 - 0.2860) / 0.3530}.
 */
final class CliData {
    private CliData() {}

    /** A split, from {@code dataRoot} when given. */
    static Dataset fashionMnist(Split split, Path dataRoot) {
        DatasetLocator locator = dataRoot == null ? DatasetLocator.defaults()
                : new DatasetLocator(List.of(new DatasetLocator.Root(dataRoot, "--data", true)), null, null);
        return Datasets.load(IdxDatasetSpec.FASHION_MNIST, split, locator);
    }

    /** The first {@code limit} test images (all when 0), in order. */
    static DataLoader test(Path dataRoot, int batchSize, int limit) {
        Dataset d = fashionMnist(Split.TEST, dataRoot);
        if (limit > 0 && limit < d.size()) {
            d = d.slice(0, limit);
        }
        return new DataLoader(d, LoaderOptions.evaluation(batchSize).withTransform(Normalize.FASHION_MNIST));
    }

    /** Calibration batches: the training set shuffled with {@code seed}, no augmentation. */
    static DataLoader calibration(Path dataRoot, int batchSize, long seed) {
        Dataset d = fashionMnist(Split.TRAIN, dataRoot);
        return new DataLoader(d, LoaderOptions.evaluation(batchSize).withShuffle(true).withSeed(seed)
                .withTransform(Normalize.FASHION_MNIST));
    }

    /** Batches for ONNX Runtime (float data, shape, labels). */
    static List<ImageBatch> imageBatches(DataLoader loader, int maxBatches) {
        List<ImageBatch> out = new ArrayList<>();
        try (BatchStream s = loader.epoch(0)) {
            for (Batch b : s) {
                if (maxBatches > 0 && out.size() >= maxBatches) {
                    break;
                }
                long[] lab = b.labelData();
                int[] labels = new int[lab.length];
                for (int i = 0; i < lab.length; i++) {
                    labels[i] = (int) lab[i];
                }
                long[] shape = b.shape();
                out.add(new ImageBatch(b.imageData().clone(), shape, labels));
            }
        }
        return out;
    }
}
