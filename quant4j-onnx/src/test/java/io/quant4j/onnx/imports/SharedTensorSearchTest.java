package io.quant4j.onnx.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.onnx.ExportOptions;
import io.quant4j.onnx.OnnxExporter;
import io.quant4j.quantization.analysis.AccuracyBudgetSearch;
import io.quant4j.quantization.analysis.BudgetSearchResult;
import io.quant4j.quantization.analysis.BudgetStep;
import io.quant4j.quantization.analysis.ModelMetric;
import io.quant4j.quantization.analysis.QuantizedLayers;
import io.quant4j.quantization.analysis.SensitivityAnalysis;
import io.quant4j.quantization.analysis.SensitivityResult;
import io.quant4j.quantization.ptq.QuantizationCalibrator;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.train.ProgressMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The budget search on an imported graph placed for ONNX Runtime, where one tensor's quantizer
 * belongs to two nodes (a conv writes it, a residual Add reads it): a metric that only that
 * quantizer costs shows no gain for any single node, so the search must measure the two together.
 * It then leaves exactly those two float in one greedy step, where adding single nodes in
 * sensitivity order would have gone through many.
 */
class SharedTensorSearchTest {
    @TempDir
    Path dir;

    /** 1, minus 0.1 while the given quantizer is on. */
    private record OneTensorCosts(String quantizer) implements ModelMetric {
        @Override
        public String name() {
            return "one tensor's cost";
        }

        @Override
        public double measure(Module model) {
            return QuantizationCalibrator.quantizers(model).get(quantizer).isEnabled() ? 0.9 : 1.0;
        }
    }

    @Test
    void aTensorTwoNodesShareIsFoundAndLeftFloatInOneStep() throws Exception {
        Path fp32 = dir.resolve("fp32.onnx");
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            OnnxExporter.export(m, fp32, ExportOptions.of(1, 1, 28, 28));
        }
        try (GraphModule g = OnnxImporter.load(fp32, ImportOptions.FOR_QUANTIZATION).module()) {
            QuantizationSpec.defaults().withTarget(QuantTarget.ONNXRUNTIME)
                    .withParams(SelectiveQuantizerParams.defaults().withVerbose(false)).toQuantizer(1, 1, 28, 28).quantize(g);
            QuantizedLayers layers = QuantizedLayers.of(g);
            Map.Entry<String, List<String>> shared = layers.layersByQuantizer().entrySet().stream()
                    .filter(e -> e.getValue().size() == 2 && e.getValue().stream().anyMatch(n -> n.contains("Add"))).findFirst()
                    .orElseThrow();
            assertThat(layers.sharedGroups()).contains(shared.getValue());
            ModelMetric metric = new OneTensorCosts(shared.getKey());
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

            SensitivityResult s = new SensitivityAnalysis(ProgressMode.NONE, quiet).run(g, metric, false);
            assertThat(s.layers()).as("no single node removes the shared quantizer").allMatch(l -> l.onlyFloat() == 0.9);

            BudgetSearchResult r = new AccuracyBudgetSearch(ProgressMode.NONE, quiet).search(g, metric, 0.05, s);
            assertThat(r.met()).isTrue();
            assertThat(r.floatLayers()).containsExactlyInAnyOrderElementsOf(shared.getValue());
            List<BudgetStep> adds = r.steps().stream().filter(BudgetStep::kept).filter(st -> st.action().startsWith("add")).toList();
            assertThat(adds).as("one greedy step").hasSize(1);
            assertThat(adds.get(0).floatLayers()).containsAll(shared.getValue());
            assertThat(r.steps()).filteredOn(st -> st.action().startsWith("float together")).hasSize(layers.sharedGroups().size());
            assertThat(QuantizationCalibrator.quantizers(g).values()).as("left quantized").allMatch(q -> q.isEnabled());
        }
    }
}
