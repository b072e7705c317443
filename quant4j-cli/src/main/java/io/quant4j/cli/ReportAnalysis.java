package io.quant4j.cli;

import io.quant4j.data.DataLoader;
import io.quant4j.nn.Module;
import io.quant4j.onnx.compare.OutputAgreement;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.analysis.AccuracyMetric;
import io.quant4j.quantization.analysis.HistogramSnapshot;
import io.quant4j.quantization.analysis.ModelMetric;
import io.quant4j.quantization.analysis.QuantizedLayers;
import io.quant4j.quantization.analysis.SensitivityAnalysis;
import io.quant4j.quantization.analysis.SensitivityResult;
import io.quant4j.quantization.calib.Amax;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.CalibrationResult;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.ptq.PtqResult;
import io.quant4j.quantization.ptq.QuantizationCalibrator;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.train.ProgressMode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code quant4j report} measures, from one calibration pass: the FP32 / INT8 / per-method
 * table (each histogram method's amax computed from the same histograms and loaded in turn), every
 * quantizer's histogram, each layer's output SQNR with every layer quantized, and each layer's
 * sensitivity both ways.
 *
 * @param model the model's name or file
 * @param data the evaluation data, described
 * @param labelled whether the data has labels (else the metric is the output SQNR against FP32)
 * @param target the placement's target id
 * @param chosenMethod the calibration method the INT8 row uses
 * @param rows table row name to its figures: {@code FP32}, {@code INT8}, then one per method
 * @param sensitivity per-layer sensitivity, both ways
 * @param layerSqnr layer to its output against the float model's, every layer quantized
 * @param calibration the calibration (every quantizer's amax, method, clipped share)
 * @param histograms histogram quantizer path to its histogram and every method's amax
 * @param moduleTree every module path of the quantized model to its type, in model order
 * @param quantizerLayers every enabled quantizer's path to the layers ({@code skip_modules} names)
 *     that leave it float together, {@link QuantizedLayers}' rule; empty for one no skip removes
 */
record ReportAnalysis(String model, String data, boolean labelled, String target, String chosenMethod,
                      Map<String, OutputFigures> rows, SensitivityResult sensitivity, Map<String, OutputAgreement> layerSqnr,
                      CalibrationResult calibration, Map<String, HistogramSnapshot> histograms, Map<String, String> moduleTree,
                      Map<String, List<String>> quantizerLayers) {
    /** Images compared layer by layer (the layer SQNR holds every layer's output of a batch in memory). */
    static final int SQNR_IMAGES = 256;

    /**
     * Runs every measurement.
     *
     * @param fp32 the float model (unchanged)
     * @param eval the data every figure is measured on
     */
    static ReportAnalysis run(Module fp32, String model, QuantizationSpec qspec, long[] inputShape, DataLoader calib,
                              CalibrationParams params, DataLoader eval, String dataDescribe, boolean progress, PrintStream out) {
        ProgressMode mode = progress ? ProgressMode.AUTO : ProgressMode.NONE;
        Map<String, HistogramSnapshot> snaps = new LinkedHashMap<>();
        QuantizationCalibrator calibrator = new QuantizationCalibrator(mode, System.err, out)
                .withHistogramObserver((p, h) -> snaps.put(p, HistogramSnapshot.of(p, h, params.percentile())));
        PtqResult r;
        try (CalibrationBatches batches = new CalibrationBatches(calib.epoch(0))) {
            r = Ptq.run(fp32, qspec.toQuantizer(inputShape), batches, params, calibrator);
        }
        CalibrationResult cal = r.calibration();
        out.printf(Locale.ROOT, "calibration: %s on %,d images, %d quantizers (%d histograms kept for every method)%n",
                params.histogramMethod(), cal.images(), cal.quantizers().size(), snaps.size());
        Module q = r.model();
        try {
            boolean labelled = eval.dataset().labelled();
            List<float[]> ref = OutputFigures.reference(fp32, eval);
            Map<String, OutputFigures> rows = new LinkedHashMap<>();
            rows.put("FP32", OutputFigures.measure(fp32, eval, ref));
            rows.put("INT8 (" + params.histogramMethod() + ")", OutputFigures.measure(q, eval, ref));
            Map<String, TensorQuantizer> quantizers = QuantizationCalibrator.quantizers(q);
            for (String method : HistogramSnapshot.methods(params.percentile())) {
                snaps.forEach((p, s) -> quantizers.get(p).setAmax(Amax.scalar(s.amax().get(method))));
                rows.put(method, OutputFigures.measure(q, eval, ref));
                out.printf(Locale.ROOT, "  inputs by %-18s %s%n", method, row(rows.get(method), labelled));
            }
            cal.quantizers().forEach(i -> {
                if (snaps.containsKey(i.path())) {
                    quantizers.get(i.path()).setAmax(Amax.scalar(i.amax()[0]));
                }
            });
            ModelMetric metric = labelled ? new AccuracyMetric(eval, dataDescribe)
                    : AgreementMetric.sqnr(eval, dataDescribe, ref);
            if (!labelled) {
                out.println("note: " + dataDescribe + " has no labels: the table shows agreement with FP32 (SQNR, cosine, top-1"
                        + " agreement) instead of accuracy, and sensitivity is the output SQNR against FP32 in dB");
            }
            SensitivityResult sens = new SensitivityAnalysis(mode, System.err).run(q, metric, true);
            int batches = Math.max(1, (SQNR_IMAGES + eval.batchSize() - 1) / eval.batchSize());
            Map<String, OutputAgreement> sqnr = LayerSqnr.measure(q, eval, batches);
            Map<String, String> tree = new LinkedHashMap<>();
            q.namedModules().forEach((p, m) -> tree.put(p, m.typeName()));
            return new ReportAnalysis(model, dataDescribe, labelled, qspec.target().id(), params.histogramMethod().toString(), rows,
                    sens, sqnr, cal, snaps, tree, QuantizedLayers.of(q).layersByQuantizer());
        } finally {
            q.close();
        }
    }

    /** One row as text: accuracy when labelled, then the agreement. */
    static String row(OutputFigures f, boolean labelled) {
        return (labelled ? String.format(Locale.ROOT, "top-1 %.2f %%, ", 100 * f.accuracy()) : "")
                + String.format(Locale.ROOT, "SQNR %.2f dB, cosine %.5f", f.agreement().sqnrDb(), f.agreement().cosine())
                + (Double.isNaN(f.top1Agreement()) ? "" : String.format(Locale.ROOT, ", top-1 agreement %.2f %%", 100 * f.top1Agreement()));
    }

    /** The layers ordered worst first: the largest gain when left in float alone. */
    List<String> worstFirst() {
        List<String> out = new ArrayList<>();
        sensitivity.mostSensitiveFirst().forEach(s -> out.add(s.layer()));
        return out;
    }
}
