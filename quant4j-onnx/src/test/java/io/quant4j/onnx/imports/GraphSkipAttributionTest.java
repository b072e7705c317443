package io.quant4j.onnx.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.onnx.ExportOptions;
import io.quant4j.onnx.OnnxExporter;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.analysis.QuantizedLayers;
import io.quant4j.quantization.ptq.QuantizationCalibrator;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.quantization.target.QuantizationSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nodes an edge quantizer of an imported graph is placed for on the onnxruntime target are
 * exactly what {@code skip_modules} must name to remove it: placing the graph again with them
 * skipped leaves that edge float, with one of them fewer it stays quantized. The nodes are layers
 * and the integer ops (the residual Adds, the pool), which a skip names by their node's module
 * name and which then run in float. Every name {@link QuantizedLayers} gives is a module of the
 * float graph or such an op (a name {@code --skip} accepts), never an {@code edge_quantizer_N};
 * with all of them skipped nothing is quantized.
 */
class GraphSkipAttributionTest {
    @TempDir
    Path dir;

    /** resnet_fmnist (random weights) exported to FP32 ONNX and imported for quantization. */
    private GraphModule importedResnet() throws Exception {
        Path fp32 = dir.resolve("fp32.onnx");
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            OnnxExporter.export(m, fp32, ExportOptions.of(1, 1, 28, 28));
        }
        return OnnxImporter.load(fp32, ImportOptions.FOR_QUANTIZATION).module();
    }

    @Test
    void skippingTheLayersAnEdgeQuantizerWasPlacedForRemovesItAndNothingLessDoes() throws Exception {
        try (GraphModule g = importedResnet();
             GraphModule all = placed(g, List.of())) {
            QuantizedLayers layers = QuantizedLayers.of(all);
            List<String> ops = layers.names().stream().filter(n -> !g.namedModules().containsKey(n)).toList();
            assertThat(layers.names()).isNotEmpty().noneMatch(n -> n.startsWith("edge_quantizer"));
            assertThat(ops).as("the residual Adds and the pool, by node").hasSize(7)
                    .allMatch(n -> g.nodes().stream().anyMatch(node -> GraphModule.moduleNameOf(node.name()).equals(n)
                            && (node.op().equals("Add") || node.op().equals("GlobalAveragePool"))));
            Map<String, String> edgeOf = new HashMap<>();
            all.edgeQuantizers().forEach((edge, child) -> edgeOf.put(child, edge));
            int checked = 0;
            for (Map.Entry<String, List<String>> e : layers.layersByQuantizer().entrySet()) {
                String edge = edgeOf.get(e.getKey());
                List<String> forLayers = e.getValue();
                if (edge == null) {
                    continue;
                }
                try (GraphModule skipped = placed(g, forLayers)) {
                    assertThat(skipped.edgeQuantizers()).as("%s skipped", forLayers).doesNotContainKey(edge);
                }
                if (forLayers.size() > 1) {
                    try (GraphModule fewer = placed(g, forLayers.subList(1, forLayers.size()))) {
                        assertThat(fewer.edgeQuantizers()).as("%s skipped", forLayers.subList(1, forLayers.size())).containsKey(edge);
                    }
                }
                checked++;
            }
            assertThat(checked).isGreaterThan(5);
            try (GraphModule none = placed(g, layers.names())) {
                assertThat(none.edgeQuantizers()).as("every layer and op skipped").isEmpty();
                assertThat(QuantizationCalibrator.quantizers(none)).isEmpty();
            }
            try (GraphModule withoutAdds = placed(g, ops)) {
                assertThat(QuantizedLayers.of(withoutAdds).names()).as("the ops skipped, the layers quantized")
                        .containsExactlyElementsOf(layers.names().stream().filter(n -> !ops.contains(n)).toList());
            }
        }
    }

    @Test
    void aQuantizerIsLeftFloatWhenAllItsLayersAre() throws Exception {
        try (GraphModule g = importedResnet();
             GraphModule all = placed(g, List.of())) {
            QuantizedLayers layers = QuantizedLayers.of(all);
            layers.leaveFloat(layers.names());
            Map<String, TensorQuantizer> on = new HashMap<>();
            QuantizationCalibrator.quantizers(all).forEach((p, q) -> {
                if (q.isEnabled()) {
                    on.put(p, q);
                }
            });
            assertThat(on).as("every layer and op in float").isEmpty();
            Map.Entry<String, List<String>> shared = layers.layersByQuantizer().entrySet().stream()
                    .filter(e -> e.getValue().size() == 2).findFirst().orElseThrow();
            TensorQuantizer q = QuantizationCalibrator.quantizers(all).get(shared.getKey());
            layers.leaveFloat(shared.getValue().subList(0, 1));
            assertThat(q.isEnabled()).as("%s with only %s float", shared, shared.getValue().get(0)).isTrue();
            layers.leaveFloat(shared.getValue());
            assertThat(q.isEnabled()).as("%s with both float", shared).isFalse();
            layers.floatAll();
            assertThat(QuantizationCalibrator.quantizers(all).values()).noneMatch(TensorQuantizer::isEnabled);
            layers.quantizeAll();
            assertThat(QuantizationCalibrator.quantizers(all).values()).allMatch(TensorQuantizer::isEnabled);
        }
    }

    /** A copy of {@code g} placed for ONNX Runtime with {@code skip} left float (not calibrated). */
    private static GraphModule placed(GraphModule g, List<String> skip) {
        GraphModule copy = (GraphModule) g.deepCopy();
        QuantizationSpec.defaults().withTarget(QuantTarget.ONNXRUNTIME)
                .withParams(SelectiveQuantizerParams.defaults().withVerbose(false).withSkipModules(skip))
                .toQuantizer(1, 1, 28, 28).quantize(copy);
        return copy;
    }
}
