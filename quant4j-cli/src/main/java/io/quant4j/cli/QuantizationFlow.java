package io.quant4j.cli;

import io.quant4j.checkpoint.CheckpointInfo;
import io.quant4j.checkpoint.ModelCheckpoint;
import io.quant4j.data.DataLoader;
import io.quant4j.errors.Quant4jException;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.nn.StateDict;
import io.quant4j.onnx.CalibrationManifest;
import io.quant4j.onnx.DeployedAccuracy;
import io.quant4j.onnx.ExportOptions;
import io.quant4j.onnx.ExportResult;
import io.quant4j.onnx.OnnxExporter;
import io.quant4j.onnx.VerifyOptions;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.ptq.PtqResult;
import io.quant4j.quantization.selective.QuantizationSpec;
import io.quant4j.recipe.PhaseCallbacks;
import io.quant4j.recipe.QatRecipeModification;
import io.quant4j.recipe.Recipe;
import io.quant4j.recipe.RecipeRuntime;
import io.quant4j.recipe.RecipeWriter;
import io.quant4j.tensor.Tensor;
import io.quant4j.train.Checkpoints;
import io.quant4j.train.EvalResult;
import io.quant4j.train.Evaluator;
import io.quant4j.train.Trainer;
import io.quant4j.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The recipe-driven PTQ/QAT flow (SuperGradients' {@code quantize_from_config}): apply the
 * pre-launch callbacks, evaluate the float model, quantize and calibrate a copy (PTQ), then unless
 * {@code ptq_only} fine-tune it with quantization in the loop (QAT) and restore the best epoch by
 * validation accuracy (SuperGradients keeps the last). Each stage writes a quant4j checkpoint and
 * a verified ONNX file into the run folder, and {@code summary.json} says what happened.
 */
final class QuantizationFlow {
    private final Recipe original;
    private final Recipe recipe;
    private final List<String> changes;
    private final Path runDir;
    private final boolean resume;
    private final Warnings warnings = new Warnings(System.out);

    QuantizationFlow(Recipe original, Path runDir, boolean resume) {
        if (!original.model().pretrained() && original.model().checkpoint() == null) {
            throw new Quant4jException("quantization needs trained weights: model.pretrained is false and model.checkpoint is unset",
                    "model", "Set model.pretrained: true or model.checkpoint: PATH (SuperGradients refuses the same).", null);
        }
        this.original = original;
        QatRecipeModification.Result mod = QatRecipeModification.applyCallbacks(original);
        this.recipe = mod.recipe();
        this.changes = mod.changes();
        this.runDir = runDir;
        this.resume = resume;
    }

    Map<String, Object> run(boolean ptqOnly) throws IOException {
        RecipeRuntime rt = new RecipeRuntime(recipe);
        String exp = recipe.experimentName();
        RunFolders.write(runDir, "recipe.yaml", RecipeWriter.write(original));
        RunFolders.write(runDir, "recipe_effective.yaml", RecipeWriter.write(recipe));
        changes.forEach(c -> System.out.println("QAT recipe modification: " + c));
        QuantizationSpec spec = rt.quantizationSpec();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("experiment", exp);
        summary.put("run_dir", runDir.toString());
        summary.put("recipe_modifications", changes);
        DataLoader val = rt.valLoader();
        DataLoader train = rt.trainLoader();
        long[] inputShape = inputShape();
        try (Module fp32 = RecipeModels.build(recipe.model())) {
            EvalResult fp = Evaluator.evaluate(fp32, val);
            System.out.printf(Locale.ROOT, "FP32: top-1 %.2f %% on %,d images%n", 100 * fp.top1(), fp.examples());
            summary.put("fp32_accuracy", fp.top1());
            Path ptqFile = runDir.resolve(exp + "_ptq.safetensors");
            Module q;
            if (resume && Files.isRegularFile(ptqFile)) {
                System.out.println("resuming from " + ptqFile);
                q = ModelCheckpoint.load(ptqFile);
            } else {
                q = ptq(fp32, rt, spec, ptqFile, summary);
            }
            try (Module quantized = q) {
                EvalResult pe = Evaluator.evaluate(quantized, val);
                System.out.printf(Locale.ROOT, "PTQ: top-1 %.2f %%%n", 100 * pe.top1());
                summary.put("ptq_accuracy", pe.top1());
                summary.put("ptq_checkpoint", ptqFile.toString());
                export(quantized, spec, inputShape, "ptq", val, summary);
                if (ptqOnly || recipe.quantizationParams().ptqOnly()) {
                    summary.put("qat_accuracy", null);
                    summary.put("qat_epochs", 0);
                } else {
                    qat(fp32, quantized, rt, spec, train, val, summary);
                }
            }
        }
        summary.put("warnings", warnings.toJson());
        RunFolders.write(runDir, "summary.json", Json.pretty(summary));
        return summary;
    }

    private Module ptq(Module fp32, RecipeRuntime rt, QuantizationSpec spec, Path ptqFile, Map<String, Object> summary)
            throws IOException {
        DataLoader calib = rt.calibLoader();
        CalibrationParams cp = rt.calibrationParams();
        MessageDigest digest = sha256();
        PtqResult r;
        try (var stream = calib.epoch(0)) {
            Iterator<Supplier<Tensor>> batches = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return stream.hasNext();
                }

                @Override
                public Supplier<Tensor> next() {
                    var b = stream.next();
                    for (float f : b.imageData()) {
                        int bits = Float.floatToIntBits(f);
                        digest.update(new byte[] {(byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)});
                    }
                    return b::images;
                }
            };
            r = Ptq.run(fp32, spec.toQuantizer(inputShape()), batches, cp, true);
        }
        System.out.printf(Locale.ROOT, "calibration: %s on %,d images in %d batches: %.3f s (%,.0f images/s), %d quantizers%n",
                cp.histogramMethod(), r.calibration().images(), r.calibration().batches(), r.calibration().seconds(),
                r.calibration().imagesPerSecond(), r.calibration().quantizers().size());
        warnings.addAll(r);
        String dataDigest = HexFormat.of().formatHex(digest.digest());
        Map<String, Object> cal = new LinkedHashMap<>();
        cal.put("method", cp.histogramMethod().toString());
        cal.put("batches", r.calibration().batches());
        cal.put("images", r.calibration().images());
        cal.put("seconds", r.calibration().seconds());
        cal.put("data_digest", dataDigest);
        summary.put("calibration", cal);
        summary.put("quantizers", r.calibration().quantizers().size());
        ModelCheckpoint.save(r.model(), ptqFile, info(spec, Json.line(cal)));
        return r.model();
    }

    private void qat(Module fp32, Module quantized, RecipeRuntime rt, QuantizationSpec spec, DataLoader train, DataLoader val,
                     Map<String, Object> summary) throws IOException {
        double[] steps = StepTimer.compare(fp32, quantized, train, 10, 30); // 10 warm-up steps: the JIT compiles the fake-quant kernel
        double fpStep = steps[0];
        double qStep = steps[1];
        System.out.printf(Locale.ROOT, "training step, batch %d: FP32 %.1f ms, QAT %.1f ms (ratio %.2f)%n",
                train.batchSize(), fpStep, qStep, qStep / fpStep);
        Path qatDir = runDir.resolve("qat");
        Trainer trainer = new Trainer(rt.trainingParams()).resume(resume && Files.isDirectory(qatDir));
        recipe.trainingHyperparams().phaseCallbacks().forEach(c -> trainer.callback(PhaseCallbacks.create(c, System.out)));
        TrainingResult r = trainer.fit(quantized, train, val, qatDir);
        String kept = "last";
        if (r.bestEpoch() >= 0 && r.bestTop1() > r.finalTop1() && Files.isRegularFile(Checkpoints.weights(qatDir, Checkpoints.BEST))) {
            StateDict.load(quantized, Checkpoints.weights(qatDir, Checkpoints.BEST), true);
            kept = "best (epoch " + (r.bestEpoch() + 1) + ")";
        }
        EvalResult qe = Evaluator.evaluate(quantized, val);
        System.out.printf(Locale.ROOT, "QAT: top-1 %.2f %% after %d epochs, kept the %s epoch%n", 100 * qe.top1(), r.epochs(), kept);
        Path qatFile = runDir.resolve(recipe.experimentName() + "_qat.safetensors");
        @SuppressWarnings("unchecked")
        Map<String, Object> cal = (Map<String, Object>) summary.getOrDefault("calibration", Map.of());
        ModelCheckpoint.save(quantized, qatFile, info(spec, Json.line(cal)));
        summary.put("qat_accuracy", qe.top1());
        summary.put("qat_epochs", r.epochs());
        summary.put("qat_resumed_from_epoch", r.resumedFrom());
        summary.put("qat_kept_epoch", kept + " by validation accuracy (SuperGradients keeps the last)");
        summary.put("qat_checkpoint", qatFile.toString());
        summary.put("fp32_step_ms", Double.isNaN(fpStep) ? null : fpStep);
        summary.put("qat_step_ms", Double.isNaN(qStep) ? null : qStep);
        summary.put("qat_step_ratio", Double.isNaN(qStep / fpStep) ? null : qStep / fpStep);
        summary.put("qat_train_images_per_second", r.imagesPerSecond());
        export(quantized, spec, inputShape(), "qat", val, summary);
    }

    private void export(Module quantized, QuantizationSpec spec, long[] shape, String stage, DataLoader val,
                        Map<String, Object> summary) {
        if (spec.params().weightBits() != 8 || spec.params().inputBits() != 8) {
            summary.put(stage + "_onnx", null);
            summary.put(stage + "_onnx_note", "not exported: ONNX QuantizeLinear/DequantizeLinear holds 8-bit values only");
            return;
        }
        String dims = shape[0] + "x" + shape[1] + "x" + shape[2] + "x" + shape[3];
        Path file = runDir.resolve(recipe.experimentName() + "_" + dims + "_" + stage + ".onnx");
        @SuppressWarnings("unchecked")
        Map<String, Object> cal = (Map<String, Object>) summary.get("calibration");
        ExportOptions opts = ExportOptions.of(shape).withRecipe(RecipeWriter.write(recipe)).withMetadata("model", recipe.model().name());
        if (cal != null) {
            opts = opts.withCalibration(new CalibrationManifest(String.valueOf(cal.get("method")),
                    ((Number) cal.get("batches")).intValue(), (String) cal.get("data_digest")));
        }
        ExportResult r = OnnxExporter.export(quantized, file, opts, CliData.imageBatches(val, 4), VerifyOptions.defaults());
        System.out.println("wrote " + file + ": " + r.verification().summary());
        summary.put(stage + "_onnx", file.toString());
        summary.put(stage + "_onnx_max_diff_steps", r.verification().maxDiffSteps());
        summary.put(stage + "_onnx_top1_agreement", r.verification().top1Agreement());
        DeployedAccuracy d = Deployment.measure(file, quantized, val, warnings);
        summary.put(stage + "_onnx_accuracy", d.onnxAccuracy());
        summary.put(stage + "_onnx_disagreements", d.disagreements());
    }

    private CheckpointInfo info(QuantizationSpec spec, String calibration) {
        var zoo = Models.info(recipe.model().name());
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("recipe", RecipeWriter.write(recipe));
        extra.put("calibration", calibration);
        return new CheckpointInfo(recipe.model().name(),
                recipe.model().numClasses() != null ? recipe.model().numClasses() : zoo.defaultClasses(),
                recipe.model().inChannels() != null ? recipe.model().inChannels() : (int) zoo.inputShape()[0], spec, extra);
    }

    private long[] inputShape() {
        long[] s = Models.info(recipe.model().name()).inputShape();
        int c = recipe.model().inChannels() != null ? recipe.model().inChannels() : (int) s[0];
        return new long[] {1, c, s[1], s[2]};
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
