package io.quant4j.cli;

import io.quant4j.checkpoint.ModelCheckpoint;
import io.quant4j.errors.Quant4jException;
import io.quant4j.nn.Module;
import io.quant4j.recipe.PhaseCallbacks;
import io.quant4j.recipe.Recipe;
import io.quant4j.recipe.RecipeException;
import io.quant4j.recipe.RecipeRuntime;
import io.quant4j.recipe.RecipeSource;
import io.quant4j.recipe.RecipeValidator;
import io.quant4j.recipe.RecipeWriter;
import io.quant4j.train.Checkpoints;
import io.quant4j.train.Trainer;
import io.quant4j.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code quant4j train --recipe FILE}: FP32 training from a recipe. The run folder holds the
 * effective recipe, {@code ckpt_last}/{@code ckpt_best}, {@code summary.json} and the final model
 * as a quant4j checkpoint ({@code <experiment>.safetensors}).
 */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a model from a recipe (FP32).")
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    RecipeOptions opts;

    @Override
    public Integer call() throws Exception {
        RecipeSource src = RecipeSource.load(opts.recipeFile, opts.overrides());
        Recipe recipe = src.recipe();
        if (src.has("quantization_params")) {
            throw new RecipeException("quantization_params", src.origin("quantization_params"),
                    "train runs FP32 training only and would ignore quantization_params: this is a PTQ/QAT recipe",
                    "Run it with 'quant4j qat --recipe " + opts.recipeFile + "' (or 'quant4j ptq --recipe ...'), or train from"
                            + " a recipe without quantization_params (e.g. recipes/resnet_fmnist.yaml).");
        }
        RecipeValidator.validate(src, false);
        RecipeRuntime rt = new RecipeRuntime(recipe);
        Path dir = RunFolders.choose(opts.runDir, recipe.runRoot(), recipe.experimentName(), opts.resume);
        if (!opts.resume) {
            Checkpoints.checkStart(dir, false);
        } else if (!Files.isRegularFile(Checkpoints.resumeState(dir))) {
            throw new Quant4jException("nothing to resume: no training state " + Checkpoints.resumeState(dir).getFileName()
                    + " in the run folder", dir.toString(), "Give --run-dir of an interrupted training run, or start without --resume"
                    + " (into a new folder: an existing checkpoint is never overwritten).", null);
        }
        String effective = RecipeWriter.write(recipe);
        RunFolders.write(dir, "recipe.yaml", effective);
        Trainer trainer = new Trainer(rt.trainingParams()).resume(opts.resume);
        recipe.trainingHyperparams().phaseCallbacks().forEach(c -> trainer.callback(PhaseCallbacks.create(c, System.out)));
        System.out.println("run folder: " + dir);
        try (Module model = RecipeModels.build(recipe.model())) {
            TrainingResult r = trainer.fit(model, rt.trainLoader(), rt.valLoader(), dir);
            Path out = dir.resolve(recipe.experimentName() + ".safetensors");
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("recipe", effective);
            extra.put("test_accuracy", Double.toString(r.finalTop1()));
            ModelCheckpoint.save(model, out, rt.checkpointInfo(null, extra));
            System.out.printf(Locale.ROOT, "test accuracy %.2f %% after %d epochs (best %.2f %% at epoch %d); training %,.0f images/s,"
                            + " median step %.1f ms; model %s%n", 100 * r.finalTop1(), r.epochs(), 100 * r.bestTop1(), r.bestEpoch() + 1,
                    r.imagesPerSecond(), r.medianStepMs(), out);
            if (opts.json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("test_accuracy", r.finalTop1());
                o.put("train_images_per_second", r.imagesPerSecond());
                o.put("epochs", r.epochs());
                o.put("run_dir", dir.toString());
                o.put("best_accuracy", r.bestTop1());
                o.put("best_epoch", r.bestEpoch() + 1);
                o.put("median_step_ms", r.medianStepMs());
                o.put("model", out.toString());
                System.out.println(Json.result(o));
            }
        }
        return 0;
    }
}
