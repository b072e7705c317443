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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layers an edge quantizer of an imported graph is placed for on the onnxruntime target are
 * exactly what {@code skip_modules} must name to remove it: placing the graph again with them
 * skipped leaves that edge float, with one of them fewer it stays quantized; the quantizers an
 * integer op needs (the residual Adds, the pool) belong to no layer and stay whatever is skipped.
 * Every layer {@link QuantizedLayers} names is a module of the float graph (a name {@code --skip}
 * accepts), never an {@code edge_quantizer_N}.
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
            assertThat(layers.names()).isNotEmpty().allMatch(g.namedModules()::containsKey)
                    .noneMatch(n -> n.startsWith("edge_quantizer"));
            assertThat(layers.fixedQuantizers()).as("the residual Adds and the pool need their tensors quantized").isNotEmpty()
                    .allMatch(p -> p.startsWith("edge_quantizer_"));
            Map<String, String> edgeOf = new HashMap<>();
            all.edgeQuantizers().forEach((edge, child) -> edgeOf.put(child, edge));
            int checked = 0;
            for (Map.Entry<String, List<String>> e : layers.layersByQuantizer().entrySet()) {
                String edge = edgeOf.get(e.getKey());
                List<String> forLayers = e.getValue();
                if (edge == null || forLayers.isEmpty()) {
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
            List<String> fixedEdges = new ArrayList<>();
            layers.fixedQuantizers().forEach(p -> fixedEdges.add(edgeOf.get(p)));
            try (GraphModule none = placed(g, layers.names())) {
                assertThat(none.edgeQuantizers().keySet()).containsAll(fixedEdges);
                assertThat(QuantizedLayers.of(none).names()).as("every layer skipped").isEmpty();
            }
        }
    }

    @Test
    void aQuantizerIsLeftFloatWhenAllItsLayersAreAndOnlyTheFloatModelDisablesThoseOfNoLayer() throws Exception {
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
            assertThat(on.keySet()).containsExactlyInAnyOrderElementsOf(layers.fixedQuantizers());
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
