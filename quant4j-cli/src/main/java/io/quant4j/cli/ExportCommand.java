package io.quant4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.quant4j.models.ModelInfo;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.onnx.CalibrationManifest;
import io.quant4j.onnx.ExportOptions;
import io.quant4j.onnx.ExportResult;
import io.quant4j.onnx.ImageBatch;
import io.quant4j.onnx.OnnxExporter;
import io.quant4j.onnx.VerificationReport;
import io.quant4j.onnx.VerifyOptions;
import io.quant4j.onnx.WeightFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code quant4j export (--checkpoint PATH | --model NAME --pretrained) --output model.onnx}: exports
 * a model to ONNX (plain FP32 for a float model, Q/DQ for a quantized checkpoint), verifies it in
 * ONNX Runtime against the Java forward (Fashion-MNIST test images for 1x28x28 inputs when found,
 * else seeded random inputs) and writes it atomically.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export a model to ONNX and verify it in ONNX Runtime.")
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    ModelSource source;

    @Option(names = "--output", required = true, description = "The ONNX file to write.")
    Path output;

    @Option(names = "--input-shape", description = "Input N x C x H x W, e.g. 1x1x28x28 (default: 1 x the model's).")
    String inputShape;

    @Option(names = "--no-fold-bn", description = "Keep BatchNormalization nodes instead of folding them into convs.")
    boolean noFoldBn;

    @Option(names = "--no-verify", description = "Write without comparing with the Java forward in ONNX Runtime.")
    boolean noVerify;

    @Option(names = "--static-batch", description = "Fix the batch dimension instead of a symbolic N.")
    boolean staticBatch;

    @Option(names = "--weight-format", defaultValue = "INT8", description = "Quantized weights: INT8 (int8 + DequantizeLinear) or FLOAT_QDQ.")
    WeightFormat weightFormat;

    @Option(names = "--verify-batches", defaultValue = "4", description = "Batches compared in ONNX Runtime (default ${DEFAULT-VALUE}).")
    int verifyBatches;

    @Option(names = "--verify-batch-size", defaultValue = "16",
            description = "Samples per verification batch (default ${DEFAULT-VALUE}; the input's N with --static-batch).")
    int verifyBatchSize;

    @Option(names = "--data", description = "Folder holding fashion-mnist/ for verification inputs (default: the usual places).")
    Path data;

    @Option(names = "--recipe", description = "A recipe file whose text is stored in the ONNX metadata.")
    Path recipe;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        ModelSource.Loaded loaded = source.load();
        String name = loaded.name();
        ModelInfo info = Models.info(name);
        long[] shape = inputShape != null ? Shapes.parse(inputShape) : prepend(1, info.inputShape());
        ExportOptions opts = ExportOptions.of(shape).withFoldBatchNorm(!noFoldBn).withDynamicBatch(!staticBatch)
                .withWeightFormat(weightFormat).withMetadata("model", name);
        if (recipe != null) {
            opts = opts.withRecipe(Files.readString(recipe));
        } else if (loaded.info() != null && loaded.info().extra().containsKey("recipe")) {
            opts = opts.withRecipe(loaded.info().extra().get("recipe"));
        }
        CalibrationManifest manifest = manifest(loaded);
        if (manifest != null) {
            opts = opts.withCalibration(manifest);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        try (Module m = loaded.module()) {
            ExportResult r;
            String verifyData = null;
            if (noVerify) {
                r = OnnxExporter.export(m, output, opts);
            } else {
                List<ImageBatch> batches = new ArrayList<>();
                verifyData = verificationInputs(shape, batches);
                r = OnnxExporter.export(m, output, opts, batches, VerifyOptions.defaults());
            }
            System.out.printf("wrote %s: %d nodes, %d QuantizeLinear, %d DequantizeLinear, %d BatchNorms folded, %,d bytes%n",
                    r.path(), r.nodes(), r.quantizeLinear(), r.dequantizeLinear(), r.foldedBatchNorms(), r.bytes());
            r.notes().forEach(n -> System.out.println("note: " + n));
            VerificationReport v = r.verification();
            if (v != null) {
                System.out.println("verified in ONNX Runtime on " + verifyData + " inputs: " + v.summary());
            }
            out.putAll(r.toMap());
            out.put("model", name);
            out.put("max_diff_steps", v == null || Double.isNaN(v.maxDiffSteps()) ? null : v.maxDiffSteps());
            out.put("max_abs_diff", v == null ? null : v.maxAbsDiff());
            out.put("top1_agreement", v == null ? null : v.top1Agreement());
            out.put("verify_data", verifyData);
        }
        if (json) {
            System.out.println(Json.line(out));
        }
        return 0;
    }

    /** The calibration manifest stored in a quantized checkpoint, or null. */
    private static CalibrationManifest manifest(ModelSource.Loaded loaded) throws IOException {
        if (loaded.info() == null || !loaded.info().extra().containsKey("calibration")) {
            return null;
        }
        JsonNode c = Json.mapper().readTree(loaded.info().extra().get("calibration"));
        return new CalibrationManifest(c.path("method").asText("unknown"), c.path("batches").asInt(0),
                c.hasNonNull("data_digest") ? c.get("data_digest").asText() : null);
    }

    /** Fills verification batches; returns where they came from. */
    private String verificationInputs(long[] shape, List<ImageBatch> batches) {
        long[] sample = Arrays.copyOfRange(shape, 1, shape.length);
        int verifyBatchSize = staticBatch ? (int) shape[0] : this.verifyBatchSize;
        if (Arrays.equals(sample, new long[] {1, 28, 28})) {
            batches.addAll(CliData.imageBatches(CliData.test(data, verifyBatchSize, verifyBatches * verifyBatchSize), verifyBatches));
            return "fashion-mnist";
        }
        for (int i = 0; i < verifyBatches; i++) {
            batches.add(ImageBatch.random(i, prepend(verifyBatchSize, sample)));
        }
        return "random";
    }

    private static long[] prepend(long n, long[] s) {
        long[] out = new long[s.length + 1];
        out[0] = n;
        System.arraycopy(s, 0, out, 1, s.length);
        return out;
    }
}
