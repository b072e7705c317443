package io.quant4j.cli;

import io.quant4j.data.DataLoader;
import io.quant4j.errors.Quant4jException;
import io.quant4j.onnx.EvalResult;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import io.quant4j.train.Evaluator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code quant4j eval}: top-1 accuracy on the Fashion-MNIST test set, of a Java model
 * ({@code --model NAME --pretrained}, {@code --checkpoint FILE}, float or quantized) or of an ONNX
 * file in ONNX Runtime ({@code --onnx FILE}).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Accuracy on the Fashion-MNIST test set of a model (Java) or an ONNX file (ONNX Runtime).")
public final class EvalCommand implements Callable<Integer> {
    @Mixin
    ModelSource source;

    @Option(names = "--onnx", description = "An ONNX file, run in ONNX Runtime.")
    Path onnx;

    @Option(names = "--data", description = "Folder holding fashion-mnist/ (default: the usual places).")
    Path data;

    @Option(names = "--batch-size", defaultValue = "100", converter = OptionValues.Positive.class, description = "Images per batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--limit", defaultValue = "0", converter = OptionValues.NonNegative.class, description = "Evaluate the first N test images only (0 = all).")
    int limit;

    @Option(names = "--threads", defaultValue = "2", converter = OptionValues.Positive.class, description = "ONNX Runtime intra-op threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        boolean java = source.model != null || source.checkpoint != null;
        if (java == (onnx != null)) {
            throw new Quant4jException("expected either --onnx FILE or a model (--model NAME --pretrained, --checkpoint FILE), found "
                    + (java ? "both" : "neither"), "Give one of them.");
        }
        CliPaths.requireFile("--onnx", onnx);
        DataLoader test = CliData.test(data, batchSize, limit);
        Map<String, Object> o = new LinkedHashMap<>();
        if (onnx != null) {
            EvalResult r = OrtRunner.evaluate(onnx, CliData.imageBatches(test, 0), OrtOptions.defaults().withThreads(threads));
            double ips = r.images() / Math.max(r.seconds(), 1e-9);
            System.out.printf(Locale.ROOT, "%s: top-1 accuracy %.2f %% on %,d images (%.1f s, %,.0f images/s)%n", onnx,
                    100 * r.accuracy(), r.images(), r.seconds(), ips);
            o.put("accuracy", r.accuracy());
            o.put("images", r.images());
            o.put("images_per_second", ips);
            o.put("path", onnx.toString());
        } else {
            ModelSource.Loaded loaded = source.load();
            try (var m = loaded.module()) {
                io.quant4j.train.EvalResult r = Evaluator.evaluate(m, test);
                System.out.printf(Locale.ROOT, "%s%s: top-1 %.2f %%, top-5 %.2f %% on %,d images (%.1f s, %,.0f images/s)%n",
                        loaded.name(), loaded.quantized() ? " (INT8 simulated)" : "", 100 * r.top1(), 100 * r.top5(),
                        r.examples(), r.seconds(), r.imagesPerSecond());
                o.put("accuracy", r.top1());
                o.put("images", r.examples());
                o.put("images_per_second", r.imagesPerSecond());
                o.put("top5", r.top5());
                o.put("model", loaded.name());
                o.put("quantized", loaded.quantized());
            }
        }
        if (json) {
            System.out.println(Json.line(o));
        }
        return 0;
    }
}
