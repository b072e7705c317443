package io.quant4j.cli;

import io.quant4j.data.DataLoader;
import io.quant4j.data.InputSpec;
import io.quant4j.nn.Module;
import io.quant4j.onnx.CalibrationManifest;
import io.quant4j.onnx.DeployedAccuracy;
import io.quant4j.onnx.ExportOptions;
import io.quant4j.onnx.ImageBatch;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.quantization.CalibMethod;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.CalibrationResult;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.ptq.PtqResult;
import io.quant4j.quantization.ptq.QuantizationCalibrator;
import io.quant4j.quantization.selective.ModelQuantizer;
import io.quant4j.quantization.selective.QuantizationReport;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.train.ProgressMode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The PTQ and export steps every quantization command runs ({@code ptq}, {@code qat}, the recipe
 * flow, the examples), in one place: derive the model's input shape, quantize a copy of the float
 * model for the spec's target and calibrate it on a loader (digesting the data it saw), report the
 * placement, calibration and clipping, then export a quantized model told its target, verify it in
 * ONNX Runtime, and measure the file's accuracy on the whole evaluation set. What it finds goes to
 * {@code out} as it happens and into {@link Warnings}.
 */
public final class QuantizationService {
    private final PrintStream out;
    private final Warnings warnings;

    public QuantizationService(PrintStream out) {
        this.out = out;
        this.warnings = new Warnings(out);
    }

    /** A calibrated copy and what its calibration did. */
    public record Calibrated(PtqResult result, CalibrationSummary summary) {
        /** The quantized model. */
        public Module model() {
            return result.model();
        }
    }

    /** A written ONNX file: the export's figures (for JSON) and its accuracy in ONNX Runtime. */
    public record Exported(Map<String, Object> export, DeployedAccuracy deployed) {
        /** The figures of a flow's summary. */
        OnnxFigures figures() {
            Object steps = export.get("max_diff_steps");
            Object top1 = export.get("top1_agreement");
            return new OnnxFigures(String.valueOf(export.get("path")), null, deployed.onnxAccuracy(), deployed.disagreements(),
                    steps instanceof Number n ? n.doubleValue() : null, top1 instanceof Number n ? n.doubleValue() : null);
        }
    }

    /** One input batch {@code [1, C, H, W]} of a model that reads {@code input}. */
    public static long[] inputShape(InputSpec input) {
        long[] s = input.shape();
        return new long[] {1, s[0], s[1], s[2]};
    }

    /**
     * Quantizes a copy of {@code fp32} for the spec's target and calibrates it on {@code calib}.
     *
     * The placement table ({@code selective_quantizer_params.verbose}) goes to {@code out} once the
     * quantizers are placed, the calibrator's listing ({@code calib_params.verbose}) once they are
     * calibrated, as SuperGradients prints them.
     *
     * @param inputShape one input batch {@code N x C x H x W} (traced by dataflow placements)
     * @param progress show calibration progress (on standard error)
     */
    public Calibrated ptq(Module fp32, QuantizationSpec spec, long[] inputShape, DataLoader calib, CalibrationParams params,
                          boolean progress) {
        ModelQuantizer placement = spec.toQuantizer(inputShape);
        ModelQuantizer reported = model -> {
            QuantizationReport report = placement.quantize(model);
            if (spec.params().verbose()) {
                out.print(report.format());
            }
            report.notes().forEach(n -> out.println("placement (" + spec.target().id() + "): " + n));
            return report;
        };
        QuantizationCalibrator calibrator = new QuantizationCalibrator(progress ? ProgressMode.AUTO : ProgressMode.NONE,
                System.err, out);
        PtqResult r;
        String digest;
        try (CalibrationBatches batches = new CalibrationBatches(calib.epoch(0))) {
            r = Ptq.run(fp32, reported, batches, params, calibrator);
            digest = batches.digest();
        }
        CalibrationResult cal = r.calibration();
        // with max input calibrators the histogram method shapes no input range: say max
        String method = spec.params().calibratorI() == CalibMethod.MAX ? "max" : params.histogramMethod().toString();
        out.printf(Locale.ROOT, "calibration: %s on %,d images in %d batches: %.3f s (%,.0f images/s), %d quantizers%n",
                method, cal.images(), cal.batches(), cal.seconds(), cal.imagesPerSecond(), cal.quantizers().size());
        if (params.numCalibBatches() != null && cal.batches() < params.numCalibBatches()) {
            warnings.add("calibration", "num_calib_batches " + params.numCalibBatches() + " asked for more than the data holds:"
                    + " calibrated on all " + cal.batches() + " batches (" + cal.images() + " images)",
                    Map.of("requested_batches", params.numCalibBatches(), "batches", cal.batches()));
        }
        warnings.addAll(r);
        return new Calibrated(r, new CalibrationSummary(method, cal.batches(), cal.images(),
                cal.seconds(), cal.imagesPerSecond(), cal.quantizers().size(), digest));
    }

    /**
     * The export options of a quantized model: told the spec's target, with the model's name and
     * the calibration's manifest.
     */
    public static ExportOptions exportOptions(long[] inputShape, QuantizationSpec spec, String model, CalibrationSummary cal) {
        ExportOptions o = ExportOptions.of(inputShape).withTarget(spec.target()).withMetadata("model", model);
        return cal == null ? o : o.withCalibration(new CalibrationManifest(cal.method(), cal.batches(), cal.dataDigest()));
    }

    /**
     * Exports {@code quantized}, verified in ONNX Runtime on {@code verify} before the file is
     * written, then measures the written file on every image of {@code eval}.
     */
    public Exported export(Module quantized, Path file, ExportOptions options, List<ImageBatch> verify, DataLoader eval) {
        return export(quantized, file, options, CliExport.defaults(null, null), verify, "the given", eval);
    }

    /** As {@link #export(Module, Path, ExportOptions, List, DataLoader)}, exported {@code how}; null {@code verify}: its default inputs. */
    Exported export(Module quantized, Path file, ExportOptions options, CliExport how, List<ImageBatch> verify,
                    String verifyData, DataLoader eval) {
        Map<String, Object> figures = verify == null ? how.run(quantized, file, options)
                : how.run(quantized, file, options, verify, verifyData);
        DeployedAccuracy d = DeployedAccuracy.measure(file, quantized, CliData.imageBatches(eval, 0), OrtOptions.defaults());
        out.println(d.summary());
        warnings.add(d);
        return new Exported(figures, d);
    }

    /** The warnings found so far. */
    public Warnings warnings() {
        return warnings;
    }
}
