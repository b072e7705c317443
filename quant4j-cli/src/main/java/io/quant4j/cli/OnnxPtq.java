package io.quant4j.cli;

import io.quant4j.data.DataLoader;
import io.quant4j.data.DataSource;
import io.quant4j.data.InputSpec;
import io.quant4j.nn.Module;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.onnx.DeployedAccuracy;
import io.quant4j.onnx.EvalResult;
import io.quant4j.onnx.ImageBatch;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import io.quant4j.onnx.VerifyOptions;
import io.quant4j.onnx.imports.GraphExport;
import io.quant4j.onnx.imports.GraphExportOptions;
import io.quant4j.onnx.imports.ImportedModel;
import io.quant4j.onnx.imports.OnnxImporter;
import io.quant4j.quantization.analysis.ModelMetric;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.target.QuantizationSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ptq --onnx FILE}: imports any ONNX model, quantizes a copy for the target, calibrates it
 * on {@code --calib-data}, and with {@code --export} writes the quantized graph back (original
 * nodes, names and dynamic axes, Q/DQ inserted), verified in ONNX Runtime before it is written.
 * With {@code --data}, the simulated INT8 model is measured against the FP32 graph in Java (SQNR,
 * cosine, top-1 agreement); with labelled {@code --data}, the FP32 file and the INT8 file are both
 * measured in ONNX Runtime too. With {@code --accuracy-budget}, the fewest layers are left float
 * ({@link MixedPrecision}) before any of that, so every figure is of the re-calibrated model.
 *
 * @param onnx the FP32 model
 * @param spec how its input is preprocessed
 * @param calib calibration data
 * @param eval evaluation data, or null
 */
record OnnxPtq(Path onnx, InputSpec spec, DataSource calib, DataSource eval) {
    /** Runs the flow; returns the figures for {@code --json}. */
    Map<String, Object> run(QuantizationSpec qspec, CalibrationParams params, int calibBatchSize, long seed, int evalLimit,
                            boolean skipBadImages, Path export, AccuracyBudget budget, boolean progress, QuantizationService service,
                            PrintStream out) {
        ImportedModel imported = OnnxImporter.load(onnx, io.quant4j.onnx.imports.ImportOptions.FOR_QUANTIZATION);
        GraphModule g = imported.module();
        Map<String, Integer> layers = new TreeMap<>();
        g.children().values().forEach(m -> layers.merge(m.typeName(), 1, Integer::sum));
        out.printf(Locale.ROOT, "imported %s: %d nodes, opset %s, layers %s, input %s%n", onnx, g.nodes().size(),
                imported.upgraded() ? imported.fileOpset() + " (converted to " + g.opset() + ")" : g.opset(), layers, spec);
        if (!g.simplifications().isEmpty()) {
            out.println("simplified: " + g.simplifications());
        }
        long[] shape = QuantizationService.inputShape(spec);
        DataLoader calibLoader = CliData.calibration(calib, CliData.calibSplit(calib), spec, calibBatchSize, seed, skipBadImages);
        // the search's float reference first: an output without top-1 is refused before any calibration
        ModelMetric metric = budget == null ? null : budget.metric(g, spec, 0, calibBatchSize, skipBadImages, out);
        QuantizationService.Calibrated c = service.ptq(g, qspec, shape, calibLoader, params, progress);
        MixedPrecision.Outcome mixed = null;
        if (budget != null) {
            mixed = MixedPrecision.run(service, g, qspec, shape, calibLoader, params, c, metric, budget.points(), progress, out);
            c = mixed.calibrated();
            qspec = mixed.spec();
        }
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("onnx", onnx.toString());
        o.put("nodes", g.nodes().size());
        o.put("opset", g.opset());
        o.put("file_opset", imported.fileOpset());
        o.put("layers", layers);
        o.put("target", qspec.target().id());
        o.put("calib_data", calib.describe());
        o.put("calib_method", c.summary().method());
        o.put("calib_images", c.summary().images());
        o.put("calib_seconds", c.summary().seconds());
        o.put("quantizers", c.summary().quantizers());
        o.put("skip_modules", qspec.params().skipModules());
        if (mixed != null) {
            o.put("accuracy_budget", mixed.toJson());
        }
        DataLoader evalLoader = eval == null ? null : CliData.eval(eval, spec, 0, 32, evalLimit, skipBadImages, false);
        if (export != null) {
            List<ImageBatch> verify = CliData.imageBatches(evalLoader != null ? evalLoader : calibLoader, 4);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("quant4j.calibration.method", c.summary().method());
            if (!qspec.params().skipModules().isEmpty()) {
                meta.put("quant4j.skip_modules", String.join(",", qspec.params().skipModules()));
            }
            GraphExportOptions opts = GraphExportOptions.of(qspec.target()).withInput(spec).withMetadata(meta);
            io.quant4j.onnx.NoiseReferencedVerifier.Result v = GraphExport.write(imported, (GraphModule) c.model(), export, opts, verify, VerifyOptions.defaults());
            out.println("wrote " + export + ", verified in ONNX Runtime: " + v.summary());
            o.put("export", export.toString());
            o.put("verification", v.summary());
            o.put("sqnr_ort_vs_java_db", v.sqnrOrtVsJava());
            o.put("sqnr_int8_vs_fp32_db", v.sqnrInt8VsFp32());
        }
        if (evalLoader != null) {
            OutputFigures f = OutputFigures.measure(c.model(), evalLoader, OutputFigures.reference(g, evalLoader));
            boolean labelled = evalLoader.dataset().labelled();
            int wb = qspec.params().weightBits();
            int ab = qspec.params().inputBits();
            String label = wb == 8 && ab == 8 ? "INT8" : "W" + wb + "A" + ab;
            out.printf(Locale.ROOT, "%s (simulated) against FP32 on %,d inputs of %s: %s%n", label, evalLoader.numExamples(), eval.describe(),
                    ReportAnalysis.row(f, labelled));
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("top1_accuracy", labelled ? f.accuracy() : null);
            a.put("sqnr_db", ReportJson.finite(f.agreement().sqnrDb()));
            a.put("cosine", f.agreement().cosine());
            a.put("top1_agreement", Double.isNaN(f.top1Agreement()) ? null : f.top1Agreement());
            o.put("int8_vs_fp32", a);
        }
        if (evalLoader != null && evalLoader.dataset().labelled()) {
            List<ImageBatch> batches = CliData.imageBatches(evalLoader, 0);
            try (OrtRunner fp32 = OrtRunner.open(onnx, OrtOptions.defaults())) {
                EvalResult r = fp32.evaluate(batches);
                out.printf(Locale.ROOT, "FP32 %s in ONNX Runtime: top-1 %.2f %% on %,d images of %s%n", onnx.getFileName(), 100 * r.accuracy(),
                        r.images(), eval.describe());
                o.put("fp32_onnx_accuracy", r.accuracy());
            }
            if (export != null) {
                DeployedAccuracy d = DeployedAccuracy.measure(export, c.model(), batches, OrtOptions.defaults());
                out.println(d.summary());
                service.warnings().add(d);
                o.put("int8_onnx_accuracy", d.onnxAccuracy());
                o.put("int8_accuracy", d.simulatedAccuracy());
            }
            o.put("test_images", batches.stream().mapToLong(ImageBatch::size).sum());
        }
        o.put("warnings", service.warnings().toJson());
        closeQuietly(c.model());
        g.close();
        return o;
    }

    private static void closeQuietly(Module m) {
        m.close();
    }
}
