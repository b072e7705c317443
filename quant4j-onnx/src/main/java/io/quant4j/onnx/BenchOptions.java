package io.quant4j.onnx;

import java.util.Arrays;

/**
 * Settings of {@link OrtBench}.
 *
 * @param sampleShape shape of one sample without the batch ({@code C x H x W}), or null to read
 *     it from the model's input
 * @param batchSizes batch sizes measured (default 1 and 32)
 * @param warmup untimed calls per file and batch size before the first run
 * @param runs timed runs; figures are the medians over runs (files are interleaved within a run)
 * @param iterations calls per run and batch size; p50/p90 are over these calls
 * @param intraOpThreads ONNX Runtime intra-op threads
 */
public record BenchOptions(long[] sampleShape, int[] batchSizes, int warmup, int runs, int iterations, int intraOpThreads) {
    public BenchOptions {
        if (batchSizes == null || batchSizes.length == 0 || Arrays.stream(batchSizes).anyMatch(b -> b < 1)
                || warmup < 0 || runs < 1 || iterations < 1 || intraOpThreads < 1) {
            throw new IllegalArgumentException("expected batch sizes >= 1, warmup >= 0, runs, iterations and threads >= 1");
        }
        sampleShape = sampleShape == null ? null : sampleShape.clone();
        batchSizes = batchSizes.clone();
    }

    /** Batch 1 and 32, 10 warm-up calls, 5 runs of 20 calls, 2 threads. */
    public static BenchOptions defaults() {
        return new BenchOptions(null, new int[] {1, 32}, 10, 5, 20, 2);
    }

    public BenchOptions withRuns(int r, int iters, int warm) {
        return new BenchOptions(sampleShape, batchSizes, warm, r, iters, intraOpThreads);
    }

    public BenchOptions withBatchSizes(int... b) {
        return new BenchOptions(sampleShape, b, warmup, runs, iterations, intraOpThreads);
    }

    public BenchOptions withSampleShape(long... s) {
        return new BenchOptions(s, batchSizes, warmup, runs, iterations, intraOpThreads);
    }

    public BenchOptions withThreads(int n) {
        return new BenchOptions(sampleShape, batchSizes, warmup, runs, iterations, n);
    }

    @Override
    public long[] sampleShape() {
        return sampleShape == null ? null : sampleShape.clone();
    }

    @Override
    public int[] batchSizes() {
        return batchSizes.clone();
    }
}
