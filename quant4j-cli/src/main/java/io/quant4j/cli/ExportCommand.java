package io.quant4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.quant4j.data.DataSource;
import io.quant4j.data.InputSpec;
import io.quant4j.nn.Module;
import io.quant4j.onnx.CalibrationManifest;
import io.quant4j.onnx.ExportOptions;
import io.quant4j.onnx.WeightFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code quant4j export (--checkpoint PATH | --model NAME --pretrained) --output model.onnx}: exports
 * a model to ONNX (plain FP32 for a float model, Q/DQ for a quantized checkpoint), verifies it in
 * ONNX Runtime against the Java forward (Fashion-MNIST test images for 1x28x28 inputs when found,
 * else seeded random inputs) and writes it atomically. With {@code --fp16} the float parts are
 * written in float16 and the file is verified against the float32 export ({@link CliExport}).
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

    @Option(names = "--verify-batches", defaultValue = "4", converter = OptionValues.Positive.class,
            description = "Batches compared in ONNX Runtime (default ${DEFAULT-VALUE}; --no-verify skips verification).")
    int verifyBatches;

    @Option(names = "--verify-batch-size", defaultValue = "16", converter = OptionValues.Positive.class,
            description = "Samples per verification batch (default ${DEFAULT-VALUE}; the input's N with --static-batch).")
    int verifyBatchSize;

    @Option(names = "--data", description = "Verification inputs, as eval's --data (default: the model's dataset when its input"
            + " matches, else seeded random inputs).")
    String data;

    @Option(names = "--fp16", description = "Write the float parts (float layers, biases, activations, dequantized values) in"
            + " float16, inputs and outputs float32 (opset 19 with Q/DQ); verified against the float32 export in ONNX Runtime."
            + " For runtimes that take the precision from the file; TensorRT's own --fp16 does this to a float32 file.")
    boolean fp16;

    @Option(names = "--recipe", description = "A recipe file whose text is stored in the ONNX metadata.")
    Path recipe;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        CliPaths.requireFile("--recipe", recipe);
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--checkpoint", source.checkpoint);
        inputs.put("--weights", source.weights);
        inputs.put("--recipe", recipe);
        CliPaths.checkOutputs(inputs, Map.of("--output", output));
        long[] givenShape = inputShape != null ? Shapes.parse(inputShape, 4, "--input-shape") : null;
        ModelSource.Loaded loaded = source.load();
        String name = loaded.name();
        InputSpec input = loaded.input();
        long[] shape = givenShape != null ? givenShape : CliExport.prepend(1, input.shape());
        ExportOptions opts = ExportOptions.of(shape).withFoldBatchNorm(!noFoldBn).withDynamicBatch(!staticBatch)
                .withWeightFormat(weightFormat).withMetadata("model", name).withFp16(fp16);
        if (loaded.quantized()) {
            opts = opts.withTarget(loaded.info().quantization().target());
        }
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
            String source = data != null ? data : loaded.defaultData();
            // the spec describes inputs of its own shape: an export at another --input-shape does not carry it
            boolean specFits = Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), input.shape());
            out.putAll(new CliExport(!noVerify, staticBatch, verifyBatches, verifyBatchSize,
                    source == null ? null : DataSource.parse(source), input).run(m, output, specFits ? opts.withInput(input) : opts));
            out.put("model", name);
        }
        if (json) {
            System.out.println(Json.result(out));
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
}
