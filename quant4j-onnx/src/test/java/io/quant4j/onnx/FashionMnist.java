package io.quant4j.onnx;

import io.quant4j.data.Batch;
import io.quant4j.data.BatchStream;
import io.quant4j.data.DataLoader;
import io.quant4j.data.Dataset;
import io.quant4j.data.DatasetLocator;
import io.quant4j.data.DatasetNotFoundException;
import io.quant4j.data.Datasets;
import io.quant4j.data.IdxDatasetSpec;
import io.quant4j.data.LoaderOptions;
import io.quant4j.data.Normalize;
import io.quant4j.data.Split;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Fashion-MNIST batches for the tests, normalized as the CLI does; found where the CLI looks
 * (never downloaded): a test that needs it is skipped, with the reason, where it is absent.
 */
public final class FashionMnist {
    private FashionMnist() {}

    /** The first {@code images} images of a split, in order ({@code shuffleSeed} null) or shuffled, in batches. */
    public static List<ImageBatch> batches(Split split, int images, int batchSize, Long shuffleSeed) {
        Dataset d;
        try {
            d = Datasets.load(IdxDatasetSpec.FASHION_MNIST, split, new DatasetLocator(DatasetLocator.defaults().roots(), null, null));
        } catch (DatasetNotFoundException e) {
            Assumptions.abort("Fashion-MNIST is not available here: " + e.getMessage());
            return List.of();
        }
        LoaderOptions o = LoaderOptions.evaluation(batchSize).withTransform(Normalize.FASHION_MNIST);
        if (shuffleSeed != null) {
            o = o.withShuffle(true).withSeed(shuffleSeed);
        }
        List<ImageBatch> out = new ArrayList<>();
        int seen = 0;
        try (BatchStream s = new DataLoader(d, o).epoch(0)) {
            for (Batch b : s) {
                if (seen >= images) {
                    break;
                }
                int n = Math.min(b.size(), images - seen);
                long[] shape = b.shape();
                shape[0] = n;
                float[] data = java.util.Arrays.copyOf(b.imageData(), (int) IrTensor.elements(shape));
                int[] labels = new int[n];
                for (int i = 0; i < n; i++) {
                    labels[i] = (int) b.labelData()[i];
                }
                out.add(new ImageBatch(data, shape, labels));
                seen += n;
            }
        }
        return out;
    }
}
