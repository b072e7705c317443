package io.quant4j.data;

import java.util.Objects;

/**
 * How a {@link DataLoader} batches a dataset.
 *
 * @param batchSize examples per batch
 * @param shuffle a new seeded permutation every epoch (else dataset order)
 * @param dropLast drop the last batch when it is smaller than {@code batchSize}
 * @param seed seed of the shuffle and of random transforms
 * @param transform applied to each image after scaling to {@code [0, 1]} (on the worker thread)
 * @param prefetch batches prepared ahead by the worker (0: no worker, batches made on demand)
 */
public record LoaderOptions(int batchSize, boolean shuffle, boolean dropLast, long seed, Transform transform, int prefetch) {
    public LoaderOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("expected batch size >= 1, found " + batchSize);
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("expected prefetch >= 0, found " + prefetch);
        }
        Objects.requireNonNull(transform, "transform");
    }

    /** Training defaults: shuffled, last partial batch kept, seed 0, no transform, 4 batches prefetched. */
    public static LoaderOptions training(int batchSize) {
        return new LoaderOptions(batchSize, true, false, 0L, Transform.identity(), 4);
    }

    /** Evaluation defaults: dataset order, all examples, no transform, 4 batches prefetched. */
    public static LoaderOptions evaluation(int batchSize) {
        return new LoaderOptions(batchSize, false, false, 0L, Transform.identity(), 4);
    }

    public LoaderOptions withShuffle(boolean on) {
        return new LoaderOptions(batchSize, on, dropLast, seed, transform, prefetch);
    }

    public LoaderOptions withDropLast(boolean on) {
        return new LoaderOptions(batchSize, shuffle, on, seed, transform, prefetch);
    }

    public LoaderOptions withSeed(long s) {
        return new LoaderOptions(batchSize, shuffle, dropLast, s, transform, prefetch);
    }

    public LoaderOptions withTransform(Transform t) {
        return new LoaderOptions(batchSize, shuffle, dropLast, seed, t, prefetch);
    }

    public LoaderOptions withPrefetch(int n) {
        return new LoaderOptions(batchSize, shuffle, dropLast, seed, transform, n);
    }
}
