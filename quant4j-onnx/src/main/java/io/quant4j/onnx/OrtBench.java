package io.quant4j.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Latency and throughput of ONNX files in ONNX Runtime (CPU). Each file gets its own session;
 * after {@code warmup} untimed calls, each of {@code runs} rounds times {@code iterations} calls
 * per file and batch size, files interleaved within a round so that drifts of the machine hit
 * them alike. Per round: p50 and p90 of the call latencies and {@code batch * iterations / time};
 * reported: the median of each over the rounds. Inputs are seeded standard-normal tensors created
 * once (the copy in is not timed; the copy out is).
 */
public final class OrtBench {
    private OrtBench() {}

    /** Benchmarks one file. */
    public static BenchResult run(Path file, BenchOptions o) {
        return interleaved(List.of(file), o).get(0);
    }

    /** Benchmarks several files, interleaved; results in the order given. */
    public static List<BenchResult> interleaved(List<Path> files, BenchOptions o) {
        OrtOptions ort = OrtOptions.defaults().withThreads(o.intraOpThreads()).forSpeed();
        List<OrtRunner> runners = new ArrayList<>();
        List<List<OnnxTensor>> inputs = new ArrayList<>();
        int[] sizes = o.batchSizes();
        try {
            for (Path f : files) {
                OrtRunner r = OrtRunner.open(f, ort);
                runners.add(r);
                long[] sample = o.sampleShape() != null ? o.sampleShape() : sampleShape(r, f);
                List<OnnxTensor> perBatch = new ArrayList<>();
                for (int b : sizes) {
                    perBatch.add(tensor(b, sample, f));
                }
                inputs.add(perBatch);
            }
            for (int f = 0; f < files.size(); f++) {
                for (int s = 0; s < sizes.length; s++) {
                    for (int i = 0; i < o.warmup(); i++) {
                        runners.get(f).run(inputs.get(f).get(s));
                    }
                }
            }
            double[][][][] figs = new double[files.size()][sizes.length][3][o.runs()];
            long[] lat = new long[o.iterations()];
            for (int run = 0; run < o.runs(); run++) {
                for (int f = 0; f < files.size(); f++) {
                    for (int s = 0; s < sizes.length; s++) {
                        long t0 = System.nanoTime();
                        for (int i = 0; i < lat.length; i++) {
                            long a = System.nanoTime();
                            runners.get(f).run(inputs.get(f).get(s));
                            lat[i] = System.nanoTime() - a;
                        }
                        double total = (System.nanoTime() - t0) / 1e9;
                        long[] sorted = lat.clone();
                        Arrays.sort(sorted);
                        figs[f][s][0][run] = percentile(sorted, 0.5) / 1e6;
                        figs[f][s][1][run] = percentile(sorted, 0.9) / 1e6;
                        figs[f][s][2][run] = sizes[s] * (double) lat.length / total;
                    }
                }
            }
            List<BenchResult> out = new ArrayList<>();
            for (int f = 0; f < files.size(); f++) {
                List<BenchResult.Batch> bs = new ArrayList<>();
                for (int s = 0; s < sizes.length; s++) {
                    bs.add(new BenchResult.Batch(sizes[s], median(figs[f][s][0]), median(figs[f][s][1]), median(figs[f][s][2])));
                }
                out.add(new BenchResult(files.get(f), bs));
            }
            return out;
        } catch (OrtException e) {
            throw new OnnxRuntimeException(files.toString(), "benchmark run failed", e);
        } finally {
            inputs.forEach(l -> l.forEach(OnnxTensor::close));
            runners.forEach(OrtRunner::close);
        }
    }

    private static long[] sampleShape(OrtRunner r, Path f) {
        long[] in = r.inputShape();
        long[] s = Arrays.copyOfRange(in, 1, in.length);
        if (Arrays.stream(s).anyMatch(d -> d < 1)) {
            throw new OnnxRuntimeException(f.toString(), "the input shape " + Arrays.toString(in)
                    + " has symbolic dimensions besides the batch; give the sample shape", null);
        }
        return s;
    }

    private static OnnxTensor tensor(int batch, long[] sample, Path f) throws OrtException {
        long[] shape = new long[sample.length + 1];
        shape[0] = batch;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        ImageBatch b = ImageBatch.random(batch, shape);
        return OnnxTensor.createTensor(OrtEnv.get(), FloatBuffer.wrap(b.data()), shape);
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(long[] sorted, double p) {
        int idx = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
