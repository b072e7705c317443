package io.quant4j.quantization.analysis;

import io.quant4j.nn.Module;
import io.quant4j.train.ProgressMode;
import io.quant4j.train.ProgressTask;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Automatic mixed precision, as NNCF's accuracy-aware quantization: leave in float the fewest
 * layers, most sensitive first, until the quantized model's metric is within a budget of the float
 * model's.
 *
 * <ol>
 *   <li>Measure each layer left in float alone ({@link SensitivityAnalysis}), and each set of
 *       layers that share a quantizer left in float together ({@link QuantizedLayers#sharedGroups}:
 *       a tensor of an imported graph that a conv writes and an integer Add reads only leaves the
 *       model when both are float, so no single layer shows what it costs). Order these candidates
 *       by what they recover, largest first.</li>
 *   <li>Greedy: leave the next candidate's layers in float until the metric reaches
 *       {@code allFloat - budget}.</li>
 *   <li>Prune: try each chosen layer quantized again, the last added first, and keep it quantized
 *       when the metric still holds; a layer that only helped together with a later one drops out.</li>
 * </ol>
 * Every evaluation runs on the one calibrated model with quantizers switched; the caller
 * re-calibrates once with the chosen {@code skip_modules}. Cost: the sensitivity's {@code 2 + L}
 * evaluations, one per shared set {@code S} (none for a model without shared quantizers, and none
 * when the quantized model already meets the budget), then at most {@code 2k} for {@code k} chosen
 * layers. If no set meets the budget the search stops with every layer in float ({@code met} is
 * then whether that model, the float one, does). The layers are {@link QuantizedLayers}' names, so
 * every choice is a list {@code skip_modules} accepts.
 */
public final class AccuracyBudgetSearch {
    private final ProgressMode progress;
    private final PrintStream progressOut;

    /**
     * @param progress how the evaluations are shown ({@link ProgressTask}'s rule)
     * @param progressOut where
     */
    public AccuracyBudgetSearch(ProgressMode progress, PrintStream progressOut) {
        this.progress = Objects.requireNonNull(progress, "progress");
        this.progressOut = Objects.requireNonNull(progressOut, "progressOut");
    }

    /**
     * Measures the sensitivity one way, then searches.
     *
     * @param quantized a calibrated quantized model (left with every layer quantized)
     * @param budget the largest loss allowed, in the metric's units (0.005 for 0.5 points of accuracy)
     */
    public BudgetSearchResult search(Module quantized, ModelMetric metric, double budget) {
        SensitivityResult s = new SensitivityAnalysis(progress, progressOut).run(quantized, metric, false);
        return search(quantized, metric, budget, s);
    }

    /** Searches in the order of a sensitivity measured before on the same model and data. */
    public BudgetSearchResult search(Module quantized, ModelMetric metric, double budget, SensitivityResult sensitivity) {
        if (!(budget >= 0)) {
            throw new IllegalArgumentException("expected a budget >= 0, found " + budget);
        }
        QuantizedLayers layers = QuantizedLayers.of(quantized);
        double threshold = sensitivity.allFloat() - budget;
        List<BudgetStep> steps = new ArrayList<>();
        List<String> chosen = new ArrayList<>();
        double reached = sensitivity.allQuantized();
        List<Candidate> candidates = new ArrayList<>();
        sensitivity.mostSensitiveFirst().forEach(l -> candidates.add(new Candidate(List.of(l.layer()), l.onlyFloat())));
        List<List<String>> shared = reached >= threshold ? List.of() : layers.sharedGroups();
        if (!shared.isEmpty()) {
            try (ProgressTask p = ProgressTask.start(progress, progressOut, "shared tensors (" + metric.name() + ")", shared.size(),
                    "sets of layers")) {
                int done = 0;
                for (List<String> group : shared) {
                    layers.leaveFloat(group);
                    double m = metric.measure(quantized);
                    steps.add(new BudgetStep("float together " + group, group, m, false));
                    candidates.add(new Candidate(group, m));
                    p.stepTo(++done, String.format(java.util.Locale.ROOT, "%.4f", m));
                }
            }
            candidates.sort(Comparator.comparingDouble(Candidate::metric).reversed());
        }
        try (ProgressTask p = ProgressTask.start(progress, progressOut, "budget search (" + metric.name() + ")", layers.size(), "layers")) {
            for (Candidate c : candidates) {
                if (reached >= threshold) {
                    break;
                }
                if (chosen.containsAll(c.layers())) {
                    continue;
                }
                for (String l : c.layers()) {
                    if (!chosen.contains(l)) {
                        chosen.add(l);
                    }
                }
                layers.leaveFloat(chosen);
                reached = metric.measure(quantized);
                steps.add(new BudgetStep("add " + (c.layers().size() == 1 ? c.layers().get(0) : c.layers().toString()), chosen, reached,
                        true));
                p.stepTo(chosen.size(), String.format(java.util.Locale.ROOT, "%d in float: %.4f", chosen.size(), reached));
            }
        }
        if (reached >= threshold) {
            for (int i = chosen.size() - 1; i >= 0 && chosen.size() > 0; i--) {
                List<String> without = new ArrayList<>(chosen);
                String dropped = without.remove(i);
                layers.leaveFloat(without);
                double m = metric.measure(quantized);
                boolean keep = m >= threshold;
                steps.add(new BudgetStep("drop " + dropped, without, m, keep));
                if (keep) {
                    chosen.remove(i);
                    reached = m;
                }
            }
        }
        layers.quantizeAll();
        List<String> inOrder = layers.names().stream().filter(chosen::contains).toList();
        return new BudgetSearchResult(metric.name(), sensitivity.allFloat(), sensitivity.allQuantized(), budget, inOrder, reached,
                reached >= threshold, sensitivity, steps);
    }

    /** Layers to leave in float together, and the metric measured with only them in float. */
    private record Candidate(List<String> layers, double metric) {}
}
