package io.quant4j.cli;

import io.quant4j.data.DataSource;
import io.quant4j.data.InputSpec;
import io.quant4j.nn.Module;
import io.quant4j.onnx.ExportOptions;
import io.quant4j.onnx.ExportResult;
import io.quant4j.onnx.Float16Report;
import io.quant4j.onnx.ImageBatch;
import io.quant4j.onnx.OnnxExporter;
import io.quant4j.onnx.VerificationReport;
import io.quant4j.onnx.VerifyOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The export step of {@code quant4j export} and {@code quant4j ptq --export}: exports, verifies in
 * ONNX Runtime against the Java forward (Fashion-MNIST test images for 1x28x28 inputs, else seeded
 * random inputs), writes atomically and prints one summary line. A float16 export
 * ({@link ExportOptions#fp16()}) prints two verification lines: its float32 graph against the Java
 * forward, and the written float16 file against that graph in ONNX Runtime.
 *
 * @param verify compare with the Java forward before writing
 * @param staticBatch the exported batch is the input shape's N (verification batches use it)
 * @param verifyBatches number of verification batches
 * @param verifyBatchSize samples per verification batch (dynamic batch)
 * @param data the source of verification inputs, or null: the model's dataset when its input
 *     matches, else seeded random inputs
 * @param input how the model expects its input
 */
record CliExport(boolean verify, boolean staticBatch, int verifyBatches, int verifyBatchSize, DataSource data, InputSpec input) {
    /** Verification on 4 batches of 16 examples of {@code data}, dynamic batch. */
    static CliExport defaults(DataSource data, InputSpec input) {
        return new CliExport(true, false, 4, 16, data, input);
    }

    /** Exports {@code m}, verified on this export's default inputs; returns the figures for the command's JSON line. */
    Map<String, Object> run(Module m, Path output, ExportOptions opts) {
        List<ImageBatch> batches = new ArrayList<>();
        String verifyData = verify ? verificationInputs(opts.inputShape(), batches) : null;
        return run(m, output, opts, batches, verifyData);
    }

    /**
     * Exports {@code m}, verified on {@code batches} (ignored without verification) described as
     * {@code verifyData}; returns the figures for the command's JSON line.
     */
    Map<String, Object> run(Module m, Path output, ExportOptions opts, List<ImageBatch> batches, String verifyData) {
        ExportResult r;
        if (!verify) {
            r = OnnxExporter.export(m, output, opts);
            verifyData = null;
        } else {
            r = OnnxExporter.export(m, output, opts, batches, VerifyOptions.defaults());
        }
        System.out.printf("wrote %s: %d nodes, %d QuantizeLinear, %d DequantizeLinear, %d BatchNorms folded, %,d bytes%n",
                r.path(), r.nodes(), r.quantizeLinear(), r.dequantizeLinear(), r.foldedBatchNorms(), r.bytes());
        r.notes().forEach(n -> System.out.println("note: " + n));
        VerificationReport v = r.verification();
        Float16Report h = r.float16();
        if (v != null && h == null) {
            System.out.println("verified in ONNX Runtime on " + verifyData + " inputs: " + v.summary());
        } else if (v != null) {
            System.out.println("verified in ONNX Runtime on " + verifyData + " inputs: the float32 graph (not written) against the"
                    + " Java forward: " + v.summary());
            System.out.println("the float16 file against that float32 graph, both in ONNX Runtime on the same inputs: " + h.summary());
        } else if (opts.fp16()) {
            System.out.println("not verified: the float16 file was not compared with the float32 export");
        }
        Map<String, Object> out = new LinkedHashMap<>(r.toMap());
        out.put("fp16", opts.fp16());
        out.put("max_diff_steps", v == null || Double.isNaN(v.maxDiffSteps()) ? null : v.maxDiffSteps());
        out.put("max_abs_diff", v == null ? null : v.maxAbsDiff());
        out.put("top1_agreement", v == null ? null : v.top1Agreement());
        out.put("verify_data", verifyData);
        return out;
    }

    /** Fills verification batches; returns where they came from. */
    private String verificationInputs(long[] shape, List<ImageBatch> batches) {
        long[] sample = Arrays.copyOfRange(shape, 1, shape.length);
        int size = staticBatch ? (int) shape[0] : verifyBatchSize;
        if (data != null && input != null && Arrays.equals(sample, input.shape())) {
            batches.addAll(CliData.imageBatches(CliData.eval(data, input, 0, size, verifyBatches * size, false), verifyBatches));
            return data.describe();
        }
        for (int i = 0; i < verifyBatches; i++) {
            batches.add(ImageBatch.random(i, prepend(size, sample)));
        }
        return "random";
    }

    static long[] prepend(long n, long[] s) {
        long[] out = new long[s.length + 1];
        out[0] = n;
        System.arraycopy(s, 0, out, 1, s.length);
        return out;
    }
}
