package io.quant4j.cli;

import io.quant4j.errors.Quant4jException;
import io.quant4j.io.SafeTensors;
import io.quant4j.models.ModelInfo;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.nn.StateDict;
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
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quant4j export (--checkpoint PATH | --model NAME --pretrained) --output model.onnx}: exports
 * a model to ONNX (plain FP32 for a float model, Q/DQ for a quantized one), verifies it in ONNX
 * Runtime against the Java forward (Fashion-MNIST test images for 1x28x28 inputs when found, else
 * seeded random inputs) and writes it atomically.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export a model to ONNX and verify it in ONNX Runtime.")
public final class ExportCommand implements Callable<Integer> {
    static final class Source {
        @Option(names = "--checkpoint", description = "A safetensors state dict (float models for now).")
        Path checkpoint;

        @Option(names = "--pretrained", description = "Use the model's bundled weights.")
        boolean pretrained;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--model", description = "Model name (see 'quant4j models'); read from the checkpoint metadata when omitted.")
    String model;

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

    @Option(names = "--data", description = "Fashion-MNIST folder for verification inputs (default: the usual places).")
    Path data;

    @Option(names = "--recipe", description = "A recipe file whose text is stored in the ONNX metadata.")
    Path recipe;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        String name = modelName();
        ModelInfo info = Models.info(name);
        long[] shape = inputShape != null ? Shapes.parse(inputShape) : prepend(1, info.inputShape());
        ExportOptions opts = ExportOptions.of(shape).withFoldBatchNorm(!noFoldBn).withDynamicBatch(!staticBatch)
                .withWeightFormat(weightFormat).withMetadata("model", name);
        if (recipe != null) {
            opts = opts.withRecipe(Files.readString(recipe));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        try (Module m = load(name)) {
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

    private String modelName() throws IOException {
        if (model != null) {
            return model;
        }
        if (source.checkpoint != null) {
            Map<String, String> meta = SafeTensors.read(source.checkpoint).metadata();
            String n = meta.getOrDefault("model", meta.get("quant4j.model"));
            if (n != null) {
                return n;
            }
        }
        throw new Quant4jException("no model name: expected --model NAME"
                + (source.checkpoint != null ? " or a 'model' entry in the checkpoint metadata" : ""),
                "Give --model (see 'quant4j models').");
    }

    /**
     * Builds the model. Float safetensors state dicts load strictly into the zoo architecture; a
     * quantized checkpoint (metadata {@code quantized=true}) needs the quantized modules rebuilt
     * first and is refused until the quantization package provides that.
     */
    private Module load(String name) throws IOException {
        if (source.pretrained) {
            return Models.get(name, ModelOptions.pretrainedWeights());
        }
        Path ckpt = source.checkpoint;
        if (!Files.isRegularFile(ckpt)) {
            throw new Quant4jException("no checkpoint file", ckpt.toString(), "Give the path of a .safetensors state dict.", null);
        }
        Map<String, String> meta = SafeTensors.read(ckpt).metadata();
        if ("true".equalsIgnoreCase(meta.get("quantized")) || "true".equalsIgnoreCase(meta.get("quant4j.quantized"))) {
            throw new Quant4jException("quantized checkpoints cannot be exported from the CLI yet: expected a float state dict",
                    ckpt.toString(), "Export from Java with OnnxExporter on the quantized model, or export the float checkpoint.", null);
        }
        Module m = Models.get(name, ModelOptions.defaults());
        try {
            StateDict.load(m, ckpt, true);
        } catch (RuntimeException | IOException e) {
            m.close();
            throw e;
        }
        return m;
    }

    /** Fills verification batches; returns where they came from. */
    private String verificationInputs(long[] shape, List<ImageBatch> batches) {
        long[] sample = Arrays.copyOfRange(shape, 1, shape.length);
        int verifyBatchSize = staticBatch ? (int) shape[0] : this.verifyBatchSize;
        if (Arrays.equals(sample, new long[] {1, 28, 28}) && FashionMnistTestSet.find(data) != null) {
            FashionMnistTestSet ts = FashionMnistTestSet.load(data, verifyBatches * verifyBatchSize);
            batches.addAll(ts.batches(verifyBatchSize, verifyBatches * verifyBatchSize));
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
