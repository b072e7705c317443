package io.quant4j.onnx;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Latency and throughput of one ONNX file (medians over runs).
 *
 * @param file the model
 * @param batches one entry per batch size
 */
public record BenchResult(Path file, List<Batch> batches) {
    /**
     * Figures at one batch size.
     *
     * @param batch batch size
     * @param p50Ms median latency of one call (ms), median over runs
     * @param p90Ms 90th-percentile latency (ms), median over runs
     * @param imagesPerSecond {@code batch * calls / time}, median over runs
     */
    public record Batch(int batch, double p50Ms, double p90Ms, double imagesPerSecond) {}

    public BenchResult {
        batches = List.copyOf(batches);
    }

    /** The figures at a batch size, or null when it was not measured. */
    public Batch at(int batch) {
        return batches.stream().filter(b -> b.batch() == batch).findFirst().orElse(null);
    }

    /** {@code batch<B>_p50_ms}, {@code batch<B>_p90_ms}, {@code batch<B>_images_per_second} for each B. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", file.toString());
        for (Batch b : batches) {
            m.put("batch" + b.batch() + "_p50_ms", b.p50Ms());
            m.put("batch" + b.batch() + "_p90_ms", b.p90Ms());
            m.put("batch" + b.batch() + "_images_per_second", b.imagesPerSecond());
        }
        return m;
    }
}
