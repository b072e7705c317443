package io.quant4j.onnx.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.EvalMode;
import io.quant4j.nn.Module;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.onnx.ExportOptions;
import io.quant4j.onnx.OnnxExporter;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zoo's own models exported to FP32 ONNX and imported back compute what ONNX Runtime computes on the file. */
class ZooRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void resnetFmnistImportsAsLayersAndMatchesOnnxRuntime() throws Exception {
        Path file = dir.resolve("fp32.onnx");
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(3))) {
            OnnxExporter.export(m, file, ExportOptions.of(1, 1, 28, 28).withFoldBatchNorm(false));
        }
        ImportedModel imported = OnnxImporter.load(file);
        GraphModule g = imported.module();
        assertThat(g.namedModules().values()).filteredOn(x -> x instanceof io.quant4j.nn.Conv2d).hasSize(15);
        assertThat(g.namedModules().values()).filteredOn(x -> x instanceof io.quant4j.nn.BatchNorm2d).hasSize(15);
        assertThat(g.namedModules().values()).filteredOn(x -> x instanceof io.quant4j.nn.Linear).hasSize(1);
        float[] input = new float[4 * 28 * 28];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) r.nextGaussian();
        }
        float[] java;
        try (Scope s = Scope.open()) {
            java = EvalMode.run(g, () -> g.forward(Tensor.fromFloats(input, 4, 1, 28, 28)).toFloatArray());
        }
        float[] ort;
        try (OrtRunner o = OrtRunner.open(file, OrtOptions.defaults().withThreads(1))) {
            ort = o.run(input, 4, 1, 28, 28).values();
        }
        assertThat(java).hasSameSizeAs(ort);
        float range = 0;
        for (float v : ort) {
            range = Math.max(range, Math.abs(v));
        }
        for (int i = 0; i < ort.length; i++) {
            assertThat(Math.abs(java[i] - ort[i])).as("logit %d", i).isLessThanOrEqualTo(1e-4f * range);
        }
    }
}
