package io.quant4j.cli;

import io.quant4j.onnx.EvalResult;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quant4j eval --onnx model.onnx}: top-1 accuracy in ONNX Runtime on the Fashion-MNIST test set. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Accuracy of an ONNX file in ONNX Runtime on the Fashion-MNIST test set.")
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--onnx", required = true, description = "The ONNX file.")
    Path onnx;

    @Option(names = "--data", description = "Folder with t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz.")
    Path data;

    @Option(names = "--batch-size", defaultValue = "100", description = "Images per call (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--limit", defaultValue = "0", description = "Evaluate the first N test images only (0 = all).")
    int limit;

    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() {
        FashionMnistTestSet ts = FashionMnistTestSet.load(data, limit);
        EvalResult r = OrtRunner.evaluate(onnx, ts.batches(batchSize, limit), OrtOptions.defaults().withThreads(threads));
        System.out.printf("%s: top-1 accuracy %.2f %% on %,d images (%.1f s, %,.0f images/s)%n", onnx,
                100 * r.accuracy(), r.images(), r.seconds(), r.images() / Math.max(r.seconds(), 1e-9));
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("accuracy", r.accuracy());
            o.put("images", r.images());
            o.put("correct", r.correct());
            o.put("seconds", r.seconds());
            o.put("path", onnx.toString());
            System.out.println(Json.line(o));
        }
        return 0;
    }
}
