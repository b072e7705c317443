package io.quant4j.examples;

import io.quant4j.data.DataLoader;
import io.quant4j.data.Dataset;
import io.quant4j.data.Datasets;
import io.quant4j.data.LoaderOptions;
import io.quant4j.data.Normalize;
import io.quant4j.data.Split;
import io.quant4j.tensor.Tensor;
import java.util.Iterator;
import java.util.function.Supplier;

/** Fashion-MNIST loaders for the examples ({@code limit} images, 0 = all). */
final class ExampleData {
    private ExampleData() {}

    static DataLoader train(int batchSize, int limit) {
        return new DataLoader(slice(Datasets.fashionMnist(Split.TRAIN), limit),
                LoaderOptions.training(batchSize).withTransform(Normalize.FASHION_MNIST));
    }

    static DataLoader test(int batchSize, int limit) {
        return new DataLoader(slice(Datasets.fashionMnist(Split.TEST), limit),
                LoaderOptions.evaluation(batchSize).withTransform(Normalize.FASHION_MNIST));
    }

    /** The images of a loader's first epoch, one supplier per batch (for calibration). */
    static Iterator<Supplier<Tensor>> images(DataLoader loader) {
        var stream = loader.epoch(0);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = stream.hasNext();
                if (!more) {
                    stream.close();
                }
                return more;
            }

            @Override
            public Supplier<Tensor> next() {
                return stream.next()::images;
            }
        };
    }

    private static Dataset slice(Dataset d, int limit) {
        return limit > 0 && limit < d.size() ? d.slice(0, limit) : d;
    }
}
