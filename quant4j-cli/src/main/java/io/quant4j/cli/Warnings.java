package io.quant4j.cli;

import io.quant4j.onnx.DeployedAccuracy;
import io.quant4j.quantization.analysis.QuantizedLayers;
import io.quant4j.quantization.ptq.ClippingWarning;
import io.quant4j.quantization.ptq.PtqResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The warnings of a quantization command: each is printed as {@code warning: ...} when it is
 * found and kept for the {@code warnings} list of {@code --json} and {@code summary.json}, as an
 * object with its {@code kind} ({@code placement}, {@code clipping}, {@code calibration},
 * {@code deployment}, {@code qat_drift}), its
 * {@code message} and the figures behind it.
 */
final class Warnings {
    private final PrintStream out;
    private final List<Map<String, Object>> list = new ArrayList<>();

    Warnings(PrintStream out) {
        this.out = out;
    }

    /** The placement warnings and the clipping report of a PTQ run. */
    void addAll(PtqResult r) {
        r.report().warnings().forEach(w -> add("placement", w, Map.of()));
        List<ClippingWarning> clipping = r.calibration().clippingWarnings();
        Map<String, List<String>> skips = clipping.isEmpty() ? Map.of() : QuantizedLayers.of(r.model()).layersByQuantizer();
        for (ClippingWarning c : clipping) {
            List<String> skip = skips.getOrDefault(c.path(), List.of(c.modulePath()));
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("path", c.path());
            f.put("skip", skip);
            f.put("clipped_fraction", c.clippedFraction());
            f.put("amax", (double) c.amax());
            f.put("max", (double) c.observedMax());
            f.put("method", c.method());
            add("clipping", c.message(skip), f);
        }
    }

    /** The gap between a file's deployed and simulated accuracy, when above the threshold. */
    void add(DeployedAccuracy d) {
        String w = d.warning();
        if (w != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("file", d.file().toString());
            f.put("onnx_accuracy", d.onnxAccuracy());
            f.put("simulated_accuracy", d.simulatedAccuracy());
            f.put("disagreements", d.disagreements());
            f.put("images", d.images());
            add("deployment", w, f);
        }
    }

    /** Any other warning: its kind, message and figures. */
    void add(String kind, String message, Map<String, Object> figures) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("kind", kind);
        o.put("message", message);
        o.putAll(figures);
        list.add(o);
        out.println("warning: " + message);
    }

    /** The warnings found so far, for JSON. */
    List<Map<String, Object>> toJson() {
        return List.copyOf(list);
    }
}
