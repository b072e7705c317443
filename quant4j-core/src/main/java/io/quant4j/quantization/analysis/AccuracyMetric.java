package io.quant4j.quantization.analysis;

import io.quant4j.data.DataLoader;
import io.quant4j.nn.Module;
import io.quant4j.train.Evaluator;
import java.util.Objects;

/**
 * Top-1 accuracy (a fraction in {@code [0, 1]}) over every batch of a labelled loader's epoch 0.
 *
 * @param loader labelled evaluation batches, in a fixed order
 * @param describe the data, for {@link #name()} ({@code "2,000 images of fashion_mnist"})
 */
public record AccuracyMetric(DataLoader loader, String describe) implements ModelMetric {
    public AccuracyMetric {
        Objects.requireNonNull(loader, "loader");
        if (!loader.dataset().labelled()) {
            throw new IllegalArgumentException("expected labelled data for top-1 accuracy, found " + loader.dataset().name()
                    + " without labels; measure agreement with the float model instead");
        }
    }

    @Override
    public String name() {
        return "top-1 accuracy on " + describe;
    }

    @Override
    public double measure(Module model) {
        return Evaluator.evaluate(model, loader).top1();
    }
}
