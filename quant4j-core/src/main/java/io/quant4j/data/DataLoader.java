package io.quant4j.data;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Batches a {@link Dataset}: per epoch a seeded permutation (or dataset order), batches of
 * {@code batchSize} (the last one smaller unless {@code dropLast}), pixels scaled to
 * {@code u8 / 255} and transformed on a worker thread that keeps {@code prefetch} batches ready.
 * Batches are plain Java arrays; the training step turns them into tensors inside its scope.
 *
 * <pre>{@code
 * DataLoader train = new DataLoader(Datasets.fashionMnist(Split.TRAIN),
 *         LoaderOptions.training(128).withTransform(Normalize.FASHION_MNIST));
 * try (BatchStream epoch = train.epoch(0)) {
 *     for (Batch b : epoch) {
 *         try (Scope step = Scope.open()) { Tensor x = b.images(); ... }
 *     }
 * }
 * }</pre>
 *
 * Determinism: epoch {@code e}'s order depends only on (seed, e), and the random draws of batch
 * {@code b}'s transforms only on (seed, e, b), whatever the thread timing.
 */
public final class DataLoader {
    private final Dataset dataset;
    private final LoaderOptions options;
    private ForkJoinPool pool;

    public DataLoader(Dataset dataset, LoaderOptions options) {
        if (dataset.size() == 0) {
            throw new IllegalArgumentException("expected a non-empty dataset, found " + dataset.name() + " with 0 examples");
        }
        if (options.dropLast() && dataset.size() < options.batchSize()) {
            throw new IllegalArgumentException("expected at least one full batch with dropLast: " + dataset.name()
                    + " has " + dataset.size() + " examples, batch size " + options.batchSize());
        }
        this.dataset = dataset;
        this.options = options;
    }

    /** The dataset. */
    public Dataset dataset() {
        return dataset;
    }

    /** The options. */
    public LoaderOptions options() {
        return options;
    }

    /** Examples per full batch. */
    public int batchSize() {
        return options.batchSize();
    }

    /** Batches per epoch: {@code floor(N / B)} with dropLast, else {@code ceil(N / B)}. */
    public int numBatches() {
        int n = dataset.size();
        int b = options.batchSize();
        return options.dropLast() ? n / b : (n + b - 1) / b;
    }

    /** Examples per epoch (after dropLast). */
    public int numExamples() {
        return options.dropLast() ? numBatches() * options.batchSize() : dataset.size();
    }

    /** The example order of an epoch (a seeded Fisher-Yates permutation when shuffling). */
    public int[] order(int epoch) {
        int n = dataset.size();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (options.shuffle()) {
            SplittableRandom rng = new SplittableRandom(mix(options.seed(), epoch, -1));
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
        }
        return idx;
    }

    /** Starts an epoch: batches in order, prepared ahead on a worker thread. Close it when done. */
    public BatchStream epoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("expected epoch >= 0, found " + epoch);
        }
        return new BatchStream(this, epoch, order(epoch));
    }

    /**
     * Builds batch {@code b} of an epoch from its order (runs on the prefetch thread): each example
     * is read with its own generator, split in example order from the batch's (seed, epoch, batch)
     * stream, then transformed; with several workers the examples are read in parallel, with the
     * same result.
     */
    Batch makeBatch(int epoch, int b, int[] order) {
        int size = dataset.sampleSize();
        int from = b * options.batchSize();
        int n = Math.min(options.batchSize(), order.length - from);
        float[] images = new float[n * size];
        long[] labels = dataset.labelled() ? new long[n] : null;
        int[] indices = new int[n];
        SplittableRandom batchRng = new SplittableRandom(mix(options.seed(), epoch, b));
        SplittableRandom[] rngs = new SplittableRandom[n];
        for (int i = 0; i < n; i++) {
            rngs[i] = batchRng.split();
            indices[i] = order[from + i];
        }
        Transform t = options.transform();
        ImageShape shape = t == Transform.identity() ? null : dataset.imageShape();
        IntConsumer readOne = i -> {
            int off = i * size;
            dataset.read(indices[i], images, off, rngs[i]);
            if (shape != null) {
                t.apply(images, off, shape, rngs[i]);
            }
            if (labels != null) {
                labels[i] = dataset.label(indices[i]);
            }
        };
        if (options.workers() > 1 && n > 1) {
            workers().submit(() -> IntStream.range(0, n).parallel().forEach(readOne)).join();
        } else {
            for (int i = 0; i < n; i++) {
                readOne.accept(i);
            }
        }
        return new Batch(epoch, b, dataset.sampleShape(), images, labels, indices);
    }

    /** The pool reading examples in parallel (daemon threads, created on first use). */
    private synchronized ForkJoinPool workers() {
        if (pool == null) {
            pool = new ForkJoinPool(options.workers(), p -> {
                ForkJoinWorkerThread w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                w.setDaemon(true);
                w.setName("quant4j-loader-" + w.getPoolIndex());
                return w;
            }, null, false);
        }
        return pool;
    }

    /** SplitMix64 of (seed, epoch, batch): independent streams per epoch and batch. */
    static long mix(long seed, long epoch, long batch) {
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1) + 0xD1B54A32D192ED03L * (batch + 2);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
