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
 * @param workers threads that read (decode, preprocess) the examples of a batch in parallel
 *     (1: the prefetch thread alone); results do not depend on it
 */
public record LoaderOptions(int batchSize, boolean shuffle, boolean dropLast, long seed, Transform transform, int prefetch,
                            int workers) {
    public LoaderOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("expected batch size >= 1, found " + batchSize);
        }
        if (prefetch < 0) {
            throw new IllegalArgumentException("expected prefetch >= 0, found " + prefetch);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("expected workers >= 1, found " + workers);
        }
        Objects.requireNonNull(transform, "transform");
    }

    /** Training defaults: shuffled, last partial batch kept, seed 0, no transform, 4 batches prefetched. */
    public static LoaderOptions training(int batchSize) {
        return new LoaderOptions(batchSize, true, false, 0L, Transform.identity(), 4, 1);
    }

    /** Evaluation defaults: dataset order, all examples, no transform, 4 batches prefetched. */
    public static LoaderOptions evaluation(int batchSize) {
        return new LoaderOptions(batchSize, false, false, 0L, Transform.identity(), 4, 1);
    }

    public LoaderOptions withShuffle(boolean on) {
        return new LoaderOptions(batchSize, on, dropLast, seed, transform, prefetch, workers);
    }

    public LoaderOptions withDropLast(boolean on) {
        return new LoaderOptions(batchSize, shuffle, on, seed, transform, prefetch, workers);
    }

    public LoaderOptions withSeed(long s) {
        return new LoaderOptions(batchSize, shuffle, dropLast, s, transform, prefetch, workers);
    }

    public LoaderOptions withTransform(Transform t) {
        return new LoaderOptions(batchSize, shuffle, dropLast, seed, t, prefetch, workers);
    }

    /** Reads each batch's examples on {@code n} threads (decoding images is the costly part). */
    public LoaderOptions withWorkers(int n) {
        return new LoaderOptions(batchSize, shuffle, dropLast, seed, transform, prefetch, n);
    }

    public LoaderOptions withPrefetch(int n) {
        return new LoaderOptions(batchSize, shuffle, dropLast, seed, transform, n, workers);
    }
}
