package io.quant4j.bench;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.onnx.BenchOptions;
import io.quant4j.onnx.BenchResult;
import io.quant4j.onnx.ExportOptions;
import io.quant4j.onnx.OnnxExporter;
import io.quant4j.onnx.OrtBench;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.ptq.PtqResult;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * INT8 (onnxruntime target) vs FP32 in ONNX Runtime for a zoo model: exports both (the INT8 one
 * after PTQ on seeded normal noise; resnet_fmnist uses its bundled weights, other models random
 * weights: throughput does not depend on the values), prints the integer kernels ORT formed and
 * the interleaved throughput of both files (medians over runs), and their ratio.
 *
 * <pre>quant4j-bench/run OrtTargetBench [model=resnet18] [batch sizes=8] [runs=5] [iterations=20] [threads=2]</pre>
 */
public final class OrtTargetBench {
    private OrtTargetBench() {}

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "resnet18";
        int[] batches = Arrays.stream((args.length > 1 ? args[1] : "8").split(",")).mapToInt(Integer::parseInt).toArray();
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        long[] sample = Models.info(name).inputShape();
        long[] one = {1, sample[0], sample[1], sample[2]};
        boolean pretrained = Models.info(name).bundledWeights() != null;
        Path dir = Files.createTempDirectory("quant4j-ort-bench");
        Path fp32File = dir.resolve(name + "-fp32.onnx");
        Path int8File = dir.resolve(name + "-int8-onnxruntime.onnx");
        try (Module fp32 = Models.get(name, pretrained ? ModelOptions.pretrainedWeights() : ModelOptions.defaults())) {
            OnnxExporter.export(fp32, fp32File, ExportOptions.of(one));
            QuantizationSpec spec = QuantizationSpec.defaults().withTarget(QuantTarget.ONNXRUNTIME)
                    .withParams(SelectiveQuantizerParams.defaults().withVerbose(false));
            List<Supplier<Tensor>> noise = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                long seed = i;
                noise.add(() -> {
                    Engines.seed(seed);
                    return Tensor.randn(4, sample[0], sample[1], sample[2]);
                });
            }
            PtqResult r = Ptq.run(fp32, spec.toQuantizer(one), noise.iterator(), CalibrationParams.defaults().withBatches(2), false);
            try (Module int8 = r.model()) {
                OnnxExporter.export(int8, int8File, ExportOptions.of(one).withTarget(spec.target()));
            }
        }
        Path optimized = dir.resolve(name + "-int8-ort-optimized.onnx");
        try (OrtRunner ignored = OrtRunner.open(int8File, OrtOptions.defaults().withThreads(threads).withOptimizedModelPath(optimized))) {
            Map<String, Integer> ops = new TreeMap<>();
            for (NodeProto n : ModelProto.parseFrom(Files.readAllBytes(optimized)).getGraph().getNodeList()) {
                ops.merge(n.getOpType(), 1, Integer::sum);
            }
            System.out.println(name + " INT8 (onnxruntime target), ONNX Runtime optimized graph: " + ops);
        }
        BenchOptions o = new BenchOptions(null, batches, 10, runs, iterations, threads);
        List<BenchResult> res = OrtBench.interleaved(List.of(int8File, fp32File), o);
        for (int b : batches) {
            BenchResult.Batch q = res.get(0).at(b);
            BenchResult.Batch f = res.get(1).at(b);
            System.out.printf("%s %s batch %d, %d threads: INT8 %,.0f images/s (p50 %.2f ms), FP32 %,.0f images/s (p50 %.2f ms):"
                            + " ratio %.2fx%n", name, Arrays.toString(sample), b, threads, q.imagesPerSecond(), q.p50Ms(),
                    f.imagesPerSecond(), f.p50Ms(), q.imagesPerSecond() / f.imagesPerSecond());
        }
        System.out.println("files: " + dir);
    }
}
