package io.quant4j.cli;

import io.quant4j.onnx.compare.OutputAgreement;
import io.quant4j.quantization.analysis.HistogramSnapshot;
import io.quant4j.quantization.analysis.LayerSensitivity;
import io.quant4j.quantization.ptq.CalibrationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json}: the table, every layer and every quantizer with {@code path}, {@code layers}
 * (the {@code skip_modules} names that leave it float together: one for a layer's own quantizer,
 * the layers an edge quantizer of an imported graph was placed for, none when no skip removes it),
 * {@code layer} (the one layer, else null), {@code amax},
 * {@code clipped_fraction}, {@code sqnr_db} (its layer's output SQNR against FP32, every layer
 * quantized), {@code sensitivity_only_quantized} and {@code sensitivity_only_float} (its layer's
 * metric with only that layer quantized / left in float).
 */
final class ReportJson {
    private ReportJson() {}

    static Map<String, Object> of(ReportAnalysis a, Map<String, String> plots) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("model", a.model());
        o.put("data", a.data());
        o.put("labelled", a.labelled());
        o.put("metric", a.sensitivity().metric());
        if (!a.labelled()) {
            o.put("note", "the data has no labels: agreement with FP32 instead of accuracy; sensitivity is the output SQNR in dB");
        }
        o.put("target", a.target());
        o.put("calib_method", a.chosenMethod());
        o.put("calib_images", a.calibration().images());
        Map<String, Object> table = new LinkedHashMap<>();
        a.rows().forEach((k, f) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("top1_accuracy", a.labelled() ? f.accuracy() : null);
            r.put("sqnr_db", finite(f.agreement().sqnrDb()));
            r.put("cosine", f.agreement().cosine());
            r.put("top1_agreement", Double.isNaN(f.top1Agreement()) ? null : f.top1Agreement());
            table.put(k, r);
        });
        o.put("table", table);
        o.put("all_float", a.sensitivity().allFloat());
        o.put("all_quantized", a.sensitivity().allQuantized());
        Map<String, LayerSensitivity> byLayer = new LinkedHashMap<>();
        a.sensitivity().layers().forEach(s -> byLayer.put(s.layer(), s));
        List<Map<String, Object>> layers = new ArrayList<>();
        for (LayerSensitivity s : a.sensitivity().mostSensitiveFirst()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("layer", s.layer());
            l.put("quantizers", s.quantizers());
            OutputAgreement g = a.layerSqnr().get(s.layer());
            l.put("sqnr_db", g == null ? null : finite(g.sqnrDb()));
            l.put("cosine", g == null ? null : g.cosine());
            l.put("sensitivity_only_quantized", s.onlyQuantized());
            l.put("sensitivity_only_float", s.onlyFloat());
            layers.add(l);
        }
        o.put("layers_worst_first", layers);
        List<Map<String, Object>> qs = new ArrayList<>();
        for (CalibrationResult.QuantizerInfo q : a.calibration().quantizers()) {
            List<String> of = a.quantizerLayers().getOrDefault(q.path(), List.of());
            String layer = of.size() == 1 ? of.get(0) : null;
            LayerSensitivity s = layer == null ? null : byLayer.get(layer);
            OutputAgreement g = layer == null ? null : a.layerSqnr().get(layer);
            HistogramSnapshot h = a.histograms().get(q.path());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", q.path());
            m.put("layer", layer);
            m.put("layers", of);
            m.put("calibrator", q.calibrator());
            m.put("method", q.method());
            m.put("amax", q.amax() == null ? null : q.amax().length == 1 ? (Object) q.amax()[0] : q.amax());
            m.put("observed_max", Float.isNaN(q.observedMax()) ? null : q.observedMax());
            m.put("clipped_fraction", q.clippedFraction());
            m.put("amax_by_method", h == null ? null : h.amax());
            m.put("clipped_by_method", h == null ? null : h.clipped());
            m.put("sqnr_db", g == null ? null : finite(g.sqnrDb()));
            m.put("sensitivity_only_quantized", s == null ? null : s.onlyQuantized());
            m.put("sensitivity_only_float", s == null ? null : s.onlyFloat());
            m.put("histogram_png", plots.get(q.path()));
            qs.add(m);
        }
        o.put("quantizers", qs);
        o.put("sensitivity_png", plots.get(""));
        return o;
    }

    /** JSON has no infinity: equal outputs give null. */
    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
