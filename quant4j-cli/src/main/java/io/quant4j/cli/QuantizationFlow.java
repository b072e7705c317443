package io.quant4j.cli;

import io.quant4j.checkpoint.CheckpointInfo;
import io.quant4j.checkpoint.ModelCheckpoint;
import io.quant4j.data.DataLoader;
import io.quant4j.errors.Quant4jException;
import io.quant4j.nn.Module;
import io.quant4j.nn.StateDict;
import io.quant4j.quantization.analysis.AccuracyMetric;
import io.quant4j.onnx.ExportOptions;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.recipe.PhaseCallbacks;
import io.quant4j.recipe.QatRecipeModification;
import io.quant4j.recipe.Recipe;
import io.quant4j.recipe.RecipeRuntime;
import io.quant4j.recipe.RecipeWriter;
import io.quant4j.train.Checkpoints;
import io.quant4j.train.EvalResult;
import io.quant4j.train.Evaluator;
import io.quant4j.train.Trainer;
import io.quant4j.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The recipe-driven PTQ/QAT flow (SuperGradients' {@code quantize_from_config}): apply the
 * pre-launch callbacks, evaluate the float model, quantize and calibrate a copy (PTQ), then unless
 * {@code ptq_only} fine-tune it with quantization in the loop (QAT) and restore the best epoch by
 * validation accuracy (SuperGradients keeps the last). Each stage writes a quant4j checkpoint and
 * a verified ONNX file into the run folder, and {@code summary.json} says what happened.
 */
final class QuantizationFlow {
    /** Validation images the accuracy-budget search measures on. */
    static final int SEARCH_IMAGES = 2000;

    private final Recipe original;
    /** The recipe as run; after an accuracy-budget search, with the chosen skip_modules and no budget. */
    private Recipe recipe;
    private final List<String> changes;
    private final Path runDir;
    private final boolean resume;
    private final QuantizationService service = new QuantizationService(System.out);

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

    FlowSummary run(boolean ptqOnly) throws IOException {
        RecipeRuntime rt = new RecipeRuntime(recipe);
        String exp = recipe.experimentName();
        RunFolders.write(runDir, "recipe.yaml", RecipeWriter.write(original));
        RunFolders.write(runDir, "recipe_effective.yaml", RecipeWriter.write(recipe));
        changes.forEach(c -> System.out.println("QAT recipe modification: " + c));
        QuantizationSpec spec = rt.quantizationSpec();
        DataLoader val = rt.valLoader();
        DataLoader train = rt.trainLoader();
        long[] inputShape = QuantizationService.inputShape(rt.inputSpec());
        FlowSummary summary;
        try (Module fp32 = RecipeModels.build(recipe.model())) {
            EvalResult fp = Evaluator.evaluate(fp32, val);
            System.out.printf(Locale.ROOT, "FP32: top-1 %.2f %% on %,d images%n", 100 * fp.top1(), fp.examples());
            Path ptqFile = runDir.resolve(exp + "_ptq.safetensors");
            Module q;
            CalibrationSummary cal = null;
            if (resume && Files.isRegularFile(ptqFile)) {
                System.out.println("resuming from " + ptqFile);
                q = ModelCheckpoint.load(ptqFile);
            } else {
                QuantizationService.Calibrated c = service.ptq(fp32, spec, inputShape, rt.calibLoader(), rt.calibrationParams(), true);
                Double budget = recipe.quantizationParams().accuracyBudget();
                if (budget != null) {
                    c = search(fp32, spec, inputShape, rt, val, c, budget);
                    spec = new RecipeRuntime(recipe).quantizationSpec();
                }
                cal = c.summary();
                ModelCheckpoint.save(c.model(), ptqFile, info(spec, cal));
                q = c.model();
            }
            try (Module quantized = q) {
                EvalResult pe = Evaluator.evaluate(quantized, val);
                System.out.printf(Locale.ROOT, "PTQ: top-1 %.2f %%%n", 100 * pe.top1());
                StageSummary ptq = StageSummary.of(pe.top1(), ptqFile.toString(), export(quantized, spec, inputShape, "ptq", val, cal));
                if (ptqOnly || recipe.quantizationParams().ptqOnly()) {
                    summary = new FlowSummary(exp, runDir.toString(), changes, fp.top1(), cal, cal == null ? null : cal.quantizers(), ptq,
                            StageSummary.skipped(), 0, null, null, null, null, null, null, service.warnings().toJson());
                } else {
                    summary = qat(fp32, quantized, rt, spec, train, val, inputShape, cal, fp.top1(), ptq);
                }
            }
        }
        RunFolders.write(runDir, "summary.json", Json.pretty(summary));
        return summary;
    }

    /**
     * {@code quantization_params.accuracy_budget}: the search on the first {@value #SEARCH_IMAGES}
     * validation images, one re-calibration, and the effective recipe rewritten with the chosen
     * {@code skip_modules} (and no budget), so that it reproduces the run without searching.
     */
    private QuantizationService.Calibrated search(Module fp32, QuantizationSpec spec, long[] inputShape, RecipeRuntime rt,
                                                  DataLoader val, QuantizationService.Calibrated first, double budget)
            throws IOException {
        int n = Math.min(SEARCH_IMAGES, val.dataset().size());
        DataLoader slice = new DataLoader(val.dataset().slice(0, n), val.options());
        String describe = String.format(Locale.ROOT, "the first %,d validation images", n);
        MixedPrecision.Outcome o = MixedPrecision.run(service, fp32, spec, inputShape, rt.calibLoader(), rt.calibrationParams(), first,
                new AccuracyMetric(slice, describe), budget, true, System.out);
        recipe = recipe.withQuantizationParams(recipe.quantizationParams().withSearchedSkips(o.skipModules()));
        RunFolders.write(runDir, "recipe_effective.yaml", RecipeWriter.write(recipe));
        System.out.println("wrote " + runDir.resolve("recipe_effective.yaml") + " with skip_modules " + o.skipModules());
        return o.calibrated();
    }

    private FlowSummary qat(Module fp32, Module quantized, RecipeRuntime rt, QuantizationSpec spec, DataLoader train, DataLoader val,
                            long[] inputShape, CalibrationSummary cal, double fp32Accuracy, StageSummary ptq) throws IOException {
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
        ModelCheckpoint.save(quantized, qatFile, info(spec, cal));
        StageSummary qat = StageSummary.of(qe.top1(), qatFile.toString(), export(quantized, spec, inputShape, "qat", val, cal));
        return new FlowSummary(recipe.experimentName(), runDir.toString(), changes, fp32Accuracy, cal, cal == null ? null : cal.quantizers(),
                ptq, qat, r.epochs(), r.resumedFrom(), kept + " by validation accuracy (SuperGradients keeps the last)",
                finite(fpStep), finite(qStep), finite(qStep / fpStep), finite(r.imagesPerSecond()), service.warnings().toJson());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /**
     * Exports a stage's model into the run folder (8-bit activations, weights of up to 8 bits), verified on 4
     * validation batches, measured on all.
     */
    private OnnxFigures export(Module quantized, QuantizationSpec spec, long[] shape, String stage, DataLoader val,
                               CalibrationSummary cal) {
        String problem = io.quant4j.onnx.QuantParams.exportProblem(spec.params().weightBits(), spec.params().inputBits());
        if (problem != null) {
            return OnnxFigures.notExported("not exported: " + problem);
        }
        String dims = shape[0] + "x" + shape[1] + "x" + shape[2] + "x" + shape[3];
        Path file = runDir.resolve(recipe.experimentName() + "_" + dims + "_" + stage + ".onnx");
        ExportOptions opts = QuantizationService.exportOptions(shape, spec, recipe.model().name(), cal)
                .withInput(new RecipeRuntime(recipe).inputSpec())
.withRecipe(RecipeWriter.write(recipe))
                .withFp16(recipe.quantizationParams().exportParams().fp16());
        return service.export(quantized, file, opts, CliData.imageBatches(val, 4), val).figures();
    }

    private CheckpointInfo info(QuantizationSpec spec, CalibrationSummary calibration) {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("recipe", RecipeWriter.write(recipe));
        if (calibration != null) {
            extra.put("calibration", Json.line(calibration));
        }
        return new RecipeRuntime(recipe).checkpointInfo(spec, extra);
    }
}
