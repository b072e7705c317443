package io.quant4j.cli;

import io.quant4j.onnx.BenchOptions;
import io.quant4j.onnx.BenchResult;
import io.quant4j.onnx.OrtBench;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quant4j bench --onnx model.onnx [--compare other.onnx]}: latency (p50/p90) and throughput
 * in ONNX Runtime at batch 1 and 32; with {@code --compare}, both files are measured interleaved,
 * each figure is the median over runs, and the ratio of the first file's throughput to the
 * second's is printed per batch size (and in the JSON as {@code compare.batch<B>_throughput_ratio}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Latency and throughput of ONNX files in ONNX Runtime.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--onnx", required = true, description = "The ONNX file.")
    Path onnx;

    @Option(names = "--compare", description = "A second ONNX file measured interleaved with the first.")
    Path compare;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,32", converter = OptionValues.Positive.class, description = "Batch sizes (default ${DEFAULT-VALUE}).")
    int[] batchSizes;

    @Option(names = "--runs", defaultValue = "5", converter = OptionValues.Positive.class, description = "Timed runs; figures are medians over runs (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--iterations", defaultValue = "20", converter = OptionValues.Positive.class, description = "Calls per run and batch size (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", defaultValue = "10", converter = OptionValues.NonNegative.class, description = "Untimed calls first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", defaultValue = "2", converter = OptionValues.Positive.class, description = "ONNX Runtime intra-op threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--input-shape", description = "Sample shape without the batch, e.g. 1x28x28 (default: read from the model).")
    String inputShape;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() {
        long[] sample = inputShape == null ? null : Shapes.parseSample(inputShape, "--input-shape");
        CliPaths.requireFile("--onnx", onnx);
        CliPaths.requireFile("--compare", compare);
        BenchOptions o = new BenchOptions(sample, batchSizes, warmup, runs,
                iterations, threads);
        List<Path> files = new ArrayList<>(List.of(onnx));
        if (compare != null) {
            files.add(compare);
        }
        List<BenchResult> results = OrtBench.interleaved(files, o);
        for (BenchResult r : results) {
            for (BenchResult.Batch b : r.batches()) {
                System.out.printf("%s batch %d: p50 %.3f ms, p90 %.3f ms, %,.0f images/s%n", r.file(), b.batch(), b.p50Ms(),
                        b.p90Ms(), b.imagesPerSecond());
            }
        }
        if (results.size() > 1) {
            for (int b : batchSizes) {
                BenchResult.Batch mine = results.get(0).at(b);
                BenchResult.Batch theirs = results.get(1).at(b);
                System.out.printf(java.util.Locale.ROOT, "batch %d: %s runs at %.2fx the images/s of %s (p50 latency %.2fx)%n", b,
                        onnx.getFileName(), mine.imagesPerSecond() / theirs.imagesPerSecond(), compare.getFileName(),
                        mine.p50Ms() / theirs.p50Ms());
            }
        }
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>(results.get(0).toMap());
            out.put("runs", runs);
            out.put("iterations", iterations);
            out.put("threads", threads);
            if (results.size() > 1) {
                Map<String, Object> c = results.get(1).toMap();
                for (int b : batchSizes) {
                    double mine = results.get(0).at(b).imagesPerSecond();
                    double theirs = results.get(1).at(b).imagesPerSecond();
                    c.put("batch" + b + "_throughput_ratio", mine / theirs);
                }
                out.put("compare", c);
            } else {
                out.put("compare", null);
            }
            System.out.println(Json.result(out));
        }
        return 0;
    }
}
