package io.quant4j.quantization.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.nn.ReLU;
import io.quant4j.nn.Sequential;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.QuantizationCalibrator;
import io.quant4j.quantization.selective.SelectiveQuantizer;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.train.ProgressMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The budget search and the layer switch on a real calibrated model: four quantized Linear layers
 * (2 quantizers each). The search's order logic is checked with a metric whose cost per quantized
 * layer is known (read from which quantizers are on), so the fewest layers are known too; the
 * switch is checked against the float model's own output.
 */
class AccuracyBudgetSearchTest {
    private static Module calibrated() {
        Engines.seed(7);
        Module m = new Sequential(new Linear(6, 8), new ReLU(), new Linear(8, 8), new ReLU(), new Linear(8, 8), new ReLU(),
                new Linear(8, 3));
        new SelectiveQuantizer(SelectiveQuantizerParams.defaults().withVerbose(false).withBits(4, 8)).quantize(m);
        List<Supplier<Tensor>> batches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int seed = i;
            batches.add(() -> {
                Engines.seed(100 + seed);
                return Tensor.randn(16, 6);
            });
        }
        new QuantizationCalibrator(ProgressMode.NONE, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .calibrate(m, batches.iterator(), CalibrationParams.defaults().withBatches(3));
        return m;
    }

    /** 1 minus the known cost of each quantized layer, plus an interaction: 2 and 4 cost 0.02 more together. */
    private record KnownCosts(Map<String, Double> cost) implements ModelMetric {
        @Override
        public String name() {
            return "known costs";
        }

        @Override
        public double measure(Module model) {
            Map<String, TensorQuantizer> qs = QuantizationCalibrator.quantizers(model);
            double v = 1;
            for (Map.Entry<String, Double> e : cost.entrySet()) {
                if (qs.get(e.getKey() + "._input_quantizer").isEnabled()) {
                    v -= e.getValue();
                }
            }
            if (qs.get("2._input_quantizer").isEnabled() && qs.get("4._input_quantizer").isEnabled()) {
                v -= 0.02;
            }
            return v;
        }
    }

    @Test
    void layersAreTheOwnersOfTheQuantizerSlotsInModelOrder() {
        try (Module m = calibrated()) {
            QuantizedLayers layers = QuantizedLayers.of(m);
            assertThat(layers.names()).containsExactly("0", "2", "4", "6");
            assertThat(layers.quantizerPaths("2")).containsExactly("2._input_quantizer", "2._weight_quantizer");
            assertThat(QuantizedLayers.layerOf("layer1.0.residual")).isEqualTo("layer1.0.residual");
            assertThatThrownBy(() -> layers.leaveFloat(List.of("5"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("found 5");
        }
    }

    @Test
    void everyLayerInFloatComputesTheFloatModelAndQuantizeAllRestoresTheQuantizedOne() {
        try (Module q = calibrated(); Module fp = q.deepCopy(); Scope s = Scope.open()) {
            QuantizationCalibrator.quantizers(fp).values().forEach(TensorQuantizer::disable);
            Engines.seed(5);
            Tensor x = Tensor.randn(4, 6);
            float[] ref = fp.forward(x).toFloatArray();
            float[] quantized = q.forward(x).toFloatArray();
            QuantizedLayers layers = QuantizedLayers.of(q);
            layers.floatAll();
            assertThat(q.forward(x).toFloatArray()).containsExactly(ref);
            layers.quantizeAll();
            assertThat(q.forward(x).toFloatArray()).containsExactly(quantized);
            assertThat(Arrays.equals(quantized, ref)).as("4-bit weights change the output").isFalse();
        }
    }

    @Test
    void searchLeavesTheFewestLayersInFloatAndPrunesOnesThatStoppedMattering() {
        // alone: 0 recovers 0.05, 2 recovers 0.03 + 0.02, 4 recovers 0.01 + 0.02, 6 recovers 0.001
        KnownCosts metric = new KnownCosts(Map.of("0", 0.05, "2", 0.03, "4", 0.01, "6", 0.001));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (Module m = calibrated()) {
            AccuracyBudgetSearch search = new AccuracyBudgetSearch(ProgressMode.LOG, new PrintStream(log, true, StandardCharsets.UTF_8));
            // loss all quantized: 0.111; budget 0.04 needs 0.071 recovered: 0 (0.05) and then 2 (0.05) -> loss 0.011
            BudgetSearchResult r = search.search(m, metric, 0.04);
            assertThat(r.allFloat()).isEqualTo(1.0);
            assertThat(r.allQuantized()).isCloseTo(1 - 0.111, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(r.sensitivity().mostSensitiveFirst()).extracting(LayerSensitivity::layer).containsExactly("0", "2", "4", "6");
            assertThat(r.floatLayers()).containsExactly("0", "2");
            assertThat(r.met()).isTrue();
            assertThat(r.reached()).isGreaterThanOrEqualTo(r.threshold());
            // the search left every quantizer on again
            assertThat(QuantizationCalibrator.quantizers(m).values()).allMatch(TensorQuantizer::isEnabled);

            // budget 0: every costly layer in float, the free one too only if it costs (it does: 0.001)
            assertThat(search.search(m, metric, 0).floatLayers()).containsExactly("0", "2", "4", "6");
            // a budget the quantized model already meets leaves nothing in float
            assertThat(search.search(m, metric, 0.2).floatLayers()).isEmpty();
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("sensitivity (known costs)").contains("budget search (known costs)");
    }

    /** A metric given for each set of layers in float; a set not in the table fails the test. */
    private record Table(Map<java.util.Set<String>, Double> values) implements ModelMetric {
        @Override
        public String name() {
            return "table";
        }

        @Override
        public double measure(Module model) {
            java.util.Set<String> floating = new java.util.TreeSet<>();
            QuantizationCalibrator.quantizers(model).forEach((p, q) -> {
                if (!q.isEnabled()) {
                    floating.add(QuantizedLayers.layerOf(p));
                }
            });
            Double v = values.get(floating);
            assertThat(v).as("metric of float set " + floating).isNotNull();
            return v;
        }
    }

    @Test
    void pruningDropsALayerThatOnlyHelpedBeforeALaterOne() {
        // alone 0 recovers most, then 2, then 4; {0, 2} is not enough, {0, 2, 4} is, and so is {0, 4}:
        // the pruning pass finds that 2 is not needed once 4 is in float
        Map<java.util.Set<String>, Double> t = new java.util.HashMap<>();
        t.put(java.util.Set.of(), 0.80);
        t.put(java.util.Set.of("0", "2", "4", "6"), 1.0);
        t.put(java.util.Set.of("0"), 0.90);
        t.put(java.util.Set.of("2"), 0.88);
        t.put(java.util.Set.of("4"), 0.85);
        t.put(java.util.Set.of("6"), 0.81);
        t.put(java.util.Set.of("0", "2"), 0.93);
        t.put(java.util.Set.of("0", "2", "4"), 0.99);
        t.put(java.util.Set.of("0", "4"), 0.985);
        try (Module m = calibrated()) {
            BudgetSearchResult r = new AccuracyBudgetSearch(ProgressMode.NONE, System.err).search(m, new Table(t), 0.02);
            assertThat(r.floatLayers()).containsExactly("0", "4");
            assertThat(r.reached()).isEqualTo(0.985);
            assertThat(r.steps()).extracting(BudgetStep::action)
                    .containsExactly("add 0", "add 2", "add 4", "drop 4", "drop 2", "drop 0");
            assertThat(r.steps()).extracting(BudgetStep::kept).containsExactly(true, true, true, false, true, false);
        }
    }
}
