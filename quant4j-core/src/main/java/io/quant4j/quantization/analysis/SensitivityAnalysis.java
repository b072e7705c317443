package io.quant4j.quantization.analysis;

import io.quant4j.nn.Module;
import io.quant4j.train.ProgressMode;
import io.quant4j.train.ProgressTask;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Measures every layer of a calibrated, quantized model both ways, AIMET QuantAnalyzer's
 * per-layer analysis: the metric with only that layer left in float (what leaving it out
 * recovers) and, when asked, with only that layer quantized (what it costs alone). Layers are
 * switched by disabling quantizers ({@link QuantizedLayers}); nothing is calibrated again, and the
 * model is left with every layer quantized.
 *
 * <p>Cost: {@code 2 + L} metric evaluations for {@code L} layers, {@code 2 + 2L} both ways.
 */
public final class SensitivityAnalysis {
    private final ProgressMode progress;
    private final PrintStream progressOut;

    /**
     * @param progress how the evaluations are shown ({@link ProgressTask}'s rule)
     * @param progressOut where
     */
    public SensitivityAnalysis(ProgressMode progress, PrintStream progressOut) {
        this.progress = Objects.requireNonNull(progress, "progress");
        this.progressOut = Objects.requireNonNull(progressOut, "progressOut");
    }

    /**
     * @param quantized a calibrated quantized model (its quantizers are switched, then all enabled again)
     * @param metric what to measure
     * @param bothWays also measure each layer quantized alone
     */
    public SensitivityResult run(Module quantized, ModelMetric metric, boolean bothWays) {
        QuantizedLayers layers = QuantizedLayers.of(quantized);
        List<String> names = layers.names();
        int total = 2 + names.size() * (bothWays ? 2 : 1);
        List<LayerSensitivity> out = new ArrayList<>();
        double allFloat;
        double allQuantized;
        try (ProgressTask p = ProgressTask.start(progress, progressOut, "sensitivity (" + metric.name() + ")", total, "evaluations")) {
            int done = 0;
            layers.floatAll();
            allFloat = metric.measure(quantized);
            p.stepTo(++done, "float");
            layers.quantizeAll();
            allQuantized = metric.measure(quantized);
            p.stepTo(++done, "quantized");
            for (String l : names) {
                layers.leaveFloat(List.of(l));
                double onlyFloat = metric.measure(quantized);
                p.stepTo(++done, l + " float");
                double onlyQuantized = Double.NaN;
                if (bothWays) {
                    layers.quantizeOnly(l);
                    onlyQuantized = metric.measure(quantized);
                    p.stepTo(++done, l + " alone");
                }
                out.add(new LayerSensitivity(l, layers.quantizerPaths(l), onlyQuantized, onlyFloat));
            }
        } finally {
            layers.quantizeAll();
        }
        return new SensitivityResult(metric.name(), allFloat, allQuantized, out);
    }
}
