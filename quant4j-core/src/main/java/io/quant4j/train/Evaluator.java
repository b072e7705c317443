package io.quant4j.train;

import io.quant4j.data.Batch;
import io.quant4j.data.BatchStream;
import io.quant4j.data.DataLoader;
import io.quant4j.nn.EvalMode;
import io.quant4j.nn.Module;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;

/**
 * Top-1 / top-5 accuracy and throughput of a classifier over a loader, in eval mode and without
 * gradients; each module's train/eval flag is restored afterwards.
 *
 * <pre>{@code
 * EvalResult r = Evaluator.evaluate(model, new DataLoader(test, LoaderOptions.evaluation(256)
 *         .withTransform(Normalize.FASHION_MNIST)));
 * }</pre>
 */
public final class Evaluator {
    private Evaluator() {}

    /** Evaluates every batch of the loader's epoch 0. */
    public static EvalResult evaluate(Module model, DataLoader loader) {
        return evaluate(model, loader, Integer.MAX_VALUE);
    }

    /** Evaluates at most {@code maxBatches} batches. */
    public static EvalResult evaluate(Module model, DataLoader loader, int maxBatches) {
        ClassificationMetrics metrics = new ClassificationMetrics();
        long start = System.nanoTime();
        EvalMode.run(model, () -> {
            try (BatchStream stream = loader.epoch(0)) {
                int done = 0;
                while (done < maxBatches && stream.hasNext()) {
                    Batch b = stream.next();
                    try (Scope step = Scope.open()) {
                        Tensor logits = model.forward(b.images());
                        metrics.add(logits.toFloatArray(), b.labelData());
                    }
                    done++;
                }
            }
            return null;
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EvalResult(metrics.count(), metrics.top1(), metrics.top5(), metrics.loss(), seconds,
                metrics.count() / Math.max(seconds, 1e-9));
    }
}
