package io.quant4j.cli;

import io.quant4j.onnx.compare.OutputAgreement;
import io.quant4j.quantization.analysis.LayerSensitivity;
import io.quant4j.quantization.ptq.CalibrationResult;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (styles inline, every chart a base64 {@code data:}
 * PNG, no script, no network) with the FP32 / INT8 / per-method table, the sensitivity chart and
 * table, every quantizer's histogram with its amax, and the module tree annotated.
 */
final class ReportHtml {
    private ReportHtml() {}

    /**
     * @param a the measurements
     * @param pngs quantizer path (and {@code ""} for the sensitivity chart) to PNG bytes
     */
    static String of(ReportAnalysis a, Map<String, byte[]> pngs) {
        boolean acc = a.labelled();
        double scale = acc ? 100 : 1;
        String unit = acc ? "pt" : "dB";
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>quant4j report: ").append(esc(a.model()))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}"
                        + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right;font-size:13px}td:first-child,th:first-child"
                        + "{text-align:left}.note{background:#fff6d5;padding:.6em;border-left:4px solid #e0b000}.grid{display:flex;"
                        + "flex-wrap:wrap;gap:8px}pre{font-size:12px;background:#f7f7f7;padding:1em}img{max-width:100%}</style></head><body>\n");
        h.append("<h1>quant4j report: ").append(esc(a.model())).append("</h1>\n<p>Target <b>").append(esc(a.target()))
                .append("</b>, calibration <b>").append(esc(a.chosenMethod())).append("</b> on ")
                .append(String.format(Locale.ROOT, "%,d", a.calibration().images())).append(" images; measured on ")
                .append(esc(a.data())).append(". Metric: ").append(esc(a.sensitivity().metric())).append(".</p>\n");
        if (!acc) {
            h.append("<p class=\"note\">The data has no labels: the table shows agreement with FP32 (SQNR, cosine, top-1"
                    + " agreement) instead of accuracy, and sensitivity is the model output's SQNR against FP32, in dB.</p>\n");
        }
        h.append("<h2>FP32, INT8 and each calibration method</h2>\n<p>Every method's amax is computed from the same calibration"
                + " histograms (one pass) and loaded into the input quantizers in turn; weights keep their max calibration.</p>\n<table><tr><th>model</th>");
        if (acc) {
            h.append("<th>top-1 accuracy</th>");
        }
        h.append("<th>output SQNR vs FP32 (dB)</th><th>cosine</th><th>top-1 agreement</th></tr>\n");
        a.rows().forEach((name, f) -> {
            h.append("<tr><td>").append(esc(name)).append("</td>");
            if (acc) {
                h.append(td("%.2f %%", 100 * f.accuracy()));
            }
            h.append(td("%.2f", f.agreement().sqnrDb())).append(td("%.5f", f.agreement().cosine()))
                    .append(td("%.2f %%", 100 * f.top1Agreement())).append("</tr>\n");
        });
        h.append("</table>\n<h2>Sensitivity by layer, worst first</h2>\n");
        h.append(img(pngs.get(""), "sensitivity by layer"));
        h.append(String.format(Locale.ROOT, "<p>Every layer quantized: %.4g; every layer float: %.4g. \"only float\": the metric with"
                + " every layer quantized except this one; \"only quantized\": with only this layer quantized. Output SQNR: the"
                + " layer's output against FP32 with every layer quantized.</p>%n", a.sensitivity().allQuantized() * scale,
                a.sensitivity().allFloat() * scale));
        h.append("<table><tr><th>layer</th><th>quantizers</th><th>output SQNR (dB)</th><th>only float</th><th>recovered (")
                .append(unit).append(")</th><th>only quantized</th><th>lost (").append(unit).append(")</th></tr>\n");
        for (LayerSensitivity s : a.sensitivity().mostSensitiveFirst()) {
            OutputAgreement g = a.layerSqnr().get(s.layer());
            h.append("<tr><td>").append(esc(s.layer())).append("</td>").append(td("%d", s.quantizers().size()))
                    .append(td("%.2f", g == null ? Double.NaN : g.sqnrDb())).append(td("%.4g", scale * s.onlyFloat()))
                    .append(td("%+.2f", scale * s.gainInFloat(a.sensitivity().allQuantized())))
                    .append(td("%.4g", scale * s.onlyQuantized())).append(td("%+.2f", scale * s.lossWhenQuantized(a.sensitivity().allFloat())))
                    .append("</tr>\n");
        }
        h.append("</table>\n<h2>Quantizers</h2>\n<table><tr><th>quantizer</th><th>calibrator</th><th>method</th><th>amax</th>"
                + "<th>observed max</th><th>clipped</th></tr>\n");
        for (CalibrationResult.QuantizerInfo q : a.calibration().quantizers()) {
            h.append("<tr><td>").append(esc(q.path())).append("</td><td>").append(esc(q.calibrator())).append("</td><td>")
                    .append(esc(q.method())).append("</td>").append("<td>").append(amax(q.amax())).append("</td>")
                    .append(td("%.4g", q.observedMax())).append(td("%.3f %%", 100 * q.clippedFraction())).append("</tr>\n");
        }
        h.append("</table>\n<h2>Calibration histograms</h2>\n<p>|x| seen by each input quantizer (log scale), with the amax each"
                + " method picks and the observed max; the legend gives the share each clips.</p>\n<div class=\"grid\">\n");
        pngs.forEach((p, png) -> {
            if (!p.isEmpty()) {
                h.append(img(png, "histogram of " + p));
            }
        });
        h.append("</div>\n<h2>Module tree</h2>\n<pre>").append(esc(tree(a))).append("</pre>\n</body></html>\n");
        return h.toString();
    }

    /** Every module, indented by depth, each quantized layer annotated with its figures. */
    static String tree(ReportAnalysis a) {
        Map<String, LayerSensitivity> byLayer = new LinkedHashMap<>();
        a.sensitivity().layers().forEach(s -> byLayer.put(s.layer(), s));
        double scale = a.labelled() ? 100 : 1;
        StringBuilder t = new StringBuilder();
        a.moduleTree().forEach((path, type) -> {
            int depth = path.isEmpty() ? 0 : path.split("\\.").length;
            String name = path.isEmpty() ? "(model)" : path.substring(path.lastIndexOf('.') + 1);
            t.append("  ".repeat(depth)).append(name).append(" : ").append(type);
            LayerSensitivity s = byLayer.get(path);
            if (s != null) {
                OutputAgreement g = a.layerSqnr().get(path);
                t.append(String.format(Locale.ROOT, "   [quantized; output SQNR %.2f dB; only float %.4g; only quantized %.4g]",
                        g == null ? Double.NaN : g.sqnrDb(), scale * s.onlyFloat(), scale * s.onlyQuantized()));
            } else if (a.quantizerLayers().containsKey(path)) {
                a.calibration().quantizers().stream().filter(q -> q.path().equals(path)).findFirst().ifPresent(q ->
                        t.append("   amax ").append(amax(q.amax())).append(" (").append(q.method()).append(")"));
            }
            t.append('\n');
        });
        return t.toString();
    }

    private static String amax(float[] a) {
        if (a == null) {
            return "dynamic";
        }
        if (a.length == 1) {
            return String.format(Locale.ROOT, "%.5g", a[0]);
        }
        float lo = Float.MAX_VALUE;
        float hi = 0;
        for (float v : a) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return String.format(Locale.ROOT, "%d channels, %.4g..%.4g", a.length, lo, hi);
    }

    private static String img(byte[] png, String alt) {
        return png == null ? "" : "<img alt=\"" + esc(alt) + "\" src=\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\">\n";
    }

    private static String td(String format, double v) {
        return "<td>" + (Double.isNaN(v) ? "" : Double.isInfinite(v) ? "&infin;" : String.format(Locale.ROOT, format, v)) + "</td>";
    }

    private static String td(String format, int v) {
        return "<td>" + String.format(Locale.ROOT, format, v) + "</td>";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
