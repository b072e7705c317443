package io.quant4j.cli;

import io.quant4j.data.DataLoader;
import io.quant4j.nn.Module;
import io.quant4j.quantization.analysis.AccuracyBudgetSearch;
import io.quant4j.quantization.analysis.BudgetSearchResult;
import io.quant4j.quantization.analysis.BudgetStep;
import io.quant4j.quantization.analysis.LayerSensitivity;
import io.quant4j.quantization.analysis.ModelMetric;
import io.quant4j.quantization.analysis.QuantizedLayers;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.train.ProgressMode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --accuracy-budget PT} ({@code quantization_params.accuracy_budget}): on the model
 * calibrated once with every layer quantized, find the fewest layers to leave in float
 * ({@link AccuracyBudgetSearch}), print the sensitivity and the choice, then quantize and
 * calibrate again with those layers added to {@code skip_modules}, so the result is the same as a
 * run given them, without the search, and measure that model once more on the search data. The
 * layers are {@link QuantizedLayers}' names: what {@code --skip} accepts, for an imported graph on
 * ONNX Runtime too (its edge quantizers count for the layers they were placed for).
 */
final class MixedPrecision {
    private MixedPrecision() {}

    /**
     * The re-calibrated model and what was chosen.
     *
     * @param calibrated the model quantized with {@link #spec()}
     * @param spec the spec with the chosen layers in {@code skip_modules}
     * @param search what the search measured and chose
     * @param skipModules every module left float: the spec's own skips, then the chosen layers
     * @param recalibrated the metric of {@link #calibrated()}, re-calibrated with them
     */
    record Outcome(QuantizationService.Calibrated calibrated, QuantizationSpec spec, BudgetSearchResult search,
                   List<String> skipModules, double recalibrated) {
        /** The search's figures for {@code --json} and summaries. */
        Map<String, Object> toJson() {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("metric", search.metric());
            o.put("budget", search.budget());
            o.put("search_fp32", search.allFloat());
            o.put("search_int8_all_layers", search.allQuantized());
            o.put("search_reached", search.reached());
            o.put("met_on_search_data", search.met());
            o.put("layers_in_float", search.floatLayers());
            o.put("skip_modules", skipModules);
            o.put("search_recalibrated", recalibrated);
            o.put("met_after_recalibration", recalibrated >= search.threshold());
            o.put("evaluations", 3 + search.sensitivity().layers().size() + search.evaluations());
            List<Map<String, Object>> layers = new ArrayList<>();
            for (LayerSensitivity s : search.sensitivity().mostSensitiveFirst()) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("layer", s.layer());
                l.put("only_float", s.onlyFloat());
                l.put("gain_in_float", s.gainInFloat(search.allQuantized()));
                layers.add(l);
            }
            o.put("sensitivity", layers);
            return o;
        }
    }

    /**
     * Searches on {@code first} (calibrated with every layer quantized, closed here), then
     * re-calibrates {@code fp32} once with the chosen layers skipped.
     *
     * @param budgetPoints the budget in points of the metric as a percentage (0.5 allows 0.5 points)
     */
    static Outcome run(QuantizationService service, Module fp32, QuantizationSpec qspec, long[] inputShape, DataLoader calib,
                       CalibrationParams params, QuantizationService.Calibrated first, ModelMetric metric, double budgetPoints,
                       boolean progress, PrintStream out) {
        out.printf(Locale.ROOT, "accuracy budget %.2f pt: leaving layers in float, most sensitive first, measured by %s%n",
                budgetPoints, metric.name());
        ProgressMode mode = progress ? ProgressMode.AUTO : ProgressMode.NONE;
        BudgetSearchResult r = new AccuracyBudgetSearch(mode, System.err).search(first.model(), metric, budgetPoints / 100);
        first.model().close();
        print(r, out);
        LinkedHashSet<String> skips = new LinkedHashSet<>(qspec.params().skipModules());
        skips.addAll(r.floatLayers());
        List<String> skipModules = List.copyOf(skips);
        QuantizationSpec chosen = qspec.withParams(qspec.params().withSkipModules(skipModules));
        out.println("re-calibrating once with skip_modules " + skipModules);
        QuantizationService.Calibrated c = service.ptq(fp32, chosen, inputShape, calib, params, progress);
        double recalibrated = metric.measure(c.model());
        out.printf(Locale.ROOT, "re-calibrated: %.2f %% on the search data (%s the budget)%n", 100 * recalibrated,
                recalibrated >= r.threshold() ? "within" : "NOT within");
        out.println("skip_modules: " + skipModules);
        StringBuilder flags = new StringBuilder();
        skipModules.forEach(s -> flags.append(" --skip ").append(s));
        out.println("reproduce without the search:" + (flags.length() == 0 ? " (no --skip)" : flags));
        return new Outcome(c, chosen, r, skipModules, recalibrated);
    }

    private static void print(BudgetSearchResult r, PrintStream out) {
        out.printf(Locale.ROOT, "search data: FP32 %.2f %%, every layer quantized %.2f %%, threshold %.2f %%%n",
                100 * r.allFloat(), 100 * r.allQuantized(), 100 * r.threshold());
        out.println("sensitivity, most sensitive first (metric with only this layer left in float):");
        for (LayerSensitivity s : r.sensitivity().mostSensitiveFirst()) {
            out.printf(Locale.ROOT, "  %-36s %7.2f %% (%+.2f pt)%n", s.layer(), 100 * s.onlyFloat(),
                    100 * s.gainInFloat(r.allQuantized()));
        }
        for (BudgetStep s : r.steps()) {
            out.printf(Locale.ROOT, "  %-40s %7.2f %%  %s%n", s.action(), 100 * s.metric(), s.action().startsWith("drop")
                    ? (s.kept() ? "within budget: stays quantized" : "over budget: stays float") : s.floatLayers().size() + " in float");
        }
        out.printf(Locale.ROOT, "search: %d of %d layers left in float %s -> %.2f %% on the search data (%s the budget)%n",
                r.floatLayers().size(), r.sensitivity().layers().size(), r.floatLayers(), 100 * r.reached(),
                r.met() ? "within" : "NOT within");
    }
}
