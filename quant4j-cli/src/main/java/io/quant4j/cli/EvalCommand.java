package io.quant4j.cli;

import io.quant4j.data.DataLoader;
import io.quant4j.data.DataSource;
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
 * {@code quant4j eval}: top-1 accuracy of a Java model ({@code --model NAME --pretrained},
 * {@code --checkpoint FILE}, float or quantized) or of an ONNX file in ONNX Runtime
 * ({@code --onnx FILE}) on {@code --data} (default: the model's dataset's test split), preprocessed
 * as the model's input spec says.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Accuracy of a model (Java) or an ONNX file (ONNX Runtime) on --data (default: the model's test data).")
public final class EvalCommand implements Callable<Integer> {
    @Mixin
    ModelSource source;

    @Option(names = "--onnx", description = "An ONNX file, run in ONNX Runtime.")
    Path onnx;

    @Option(names = "--data", description = "Evaluation data: a dataset name (fashion_mnist, mnist), an IDX folder, an image folder"
            + " (one subfolder per class) or a .npy of preprocessed inputs (default: the model's dataset).")
    String data;

    @Option(names = "--skip-bad-images", description = "Skip images that cannot be decoded (their count is printed) instead of failing.")
    boolean skipBadImages;

    @Option(names = "--batch-size", defaultValue = "100", converter = OptionValues.Positive.class, description = "Images per batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--limit", defaultValue = "0", converter = OptionValues.NonNegative.class, description = "Evaluate the first N images only (0 = all).")
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
        Map<String, Object> o = new LinkedHashMap<>();
        if (onnx != null) {
            OnnxInput in = OnnxInput.of(onnx);
            if (in.note() != null) {
                System.out.println("note: " + in.note());
            }
            DataSource src = CliData.evalSource(data, in.defaultData(), onnx.toString());
            DataLoader test = CliData.eval(src, in.spec(), in.headClasses(), batchSize, limit, skipBadImages);
            EvalResult r = OrtRunner.evaluate(onnx, CliData.imageBatches(test, 0), OrtOptions.defaults().withThreads(threads));
            double ips = r.images() / Math.max(r.seconds(), 1e-9);
            System.out.printf(Locale.ROOT, "%s: top-1 accuracy %.2f %% on %,d images of %s (%.1f s, %,.0f images/s)%n", onnx,
                    100 * r.accuracy(), r.images(), src.describe(), r.seconds(), ips);
            o.put("accuracy", r.accuracy());
            o.put("images", r.images());
            o.put("images_per_second", ips);
            o.put("path", onnx.toString());
            o.put("data", src.describe());
        } else {
            ModelSource.Loaded loaded = source.load();
            DataSource src = CliData.evalSource(data, loaded.defaultData(), loaded.name());
            DataLoader test = CliData.eval(src, loaded.input(), loaded.numClasses(), batchSize, limit, skipBadImages);
            try (var m = loaded.module()) {
                io.quant4j.train.EvalResult r = Evaluator.evaluate(m, test);
                System.out.printf(Locale.ROOT, "%s%s: top-1 %.2f %%, top-5 %.2f %% on %,d images of %s (%.1f s, %,.0f images/s)%n",
                        loaded.name(), loaded.quantized() ? " (INT8 simulated)" : "", 100 * r.top1(), 100 * r.top5(),
                        r.examples(), src.describe(), r.seconds(), r.imagesPerSecond());
                o.put("accuracy", r.top1());
                o.put("images", r.examples());
                o.put("images_per_second", r.imagesPerSecond());
                o.put("top5", r.top5());
                o.put("model", loaded.name());
                o.put("quantized", loaded.quantized());
                o.put("data", src.describe());
            }
        }
        if (json) {
            System.out.println(Json.result(o));
        }
        return 0;
    }
}
