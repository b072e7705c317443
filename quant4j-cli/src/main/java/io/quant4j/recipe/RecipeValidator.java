package io.quant4j.recipe;

import io.quant4j.data.DataSource;
import io.quant4j.errors.Quant4jException;
import io.quant4j.models.ModelInfo;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.nn.NoSuchModuleException;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.train.TrainingParamsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a whole recipe before any work (and before a run folder is created), so that a value
 * refused by the training loop, the quantizer or the model zoo is reported at once with its YAML
 * key, file and line, whatever the command.
 */
public final class RecipeValidator {
    /** Where each training parameter comes from in a recipe (data: TrainingParams field to YAML path). */
    private static final Map<String, String> TRAINING_KEYS = Map.ofEntries(
            Map.entry("epochs", "training_hyperparams.max_epochs"),
            Map.entry("batch_size", "dataset_params.train_dataloader_params.batch_size"),
            Map.entry("lr", "training_hyperparams.initial_lr"),
            Map.entry("momentum", "training_hyperparams.optimizer_params.momentum"),
            Map.entry("nesterov", "training_hyperparams.optimizer_params.nesterov"),
            Map.entry("betas", "training_hyperparams.optimizer_params.betas"),
            Map.entry("eps", "training_hyperparams.optimizer_params.eps"),
            Map.entry("weight_decay", "training_hyperparams.optimizer_params.weight_decay"),
            Map.entry("final_lr_ratio", "training_hyperparams.cosine_final_lr_ratio"),
            Map.entry("step_size", "training_hyperparams.lr_step_epochs"),
            Map.entry("gamma", "training_hyperparams.lr_step_gamma"),
            Map.entry("warmup_epochs", "training_hyperparams.lr_warmup_epochs"),
            Map.entry("warmup_initial_lr", "training_hyperparams.warmup_initial_lr"),
            Map.entry("label_smoothing", "training_hyperparams.label_smoothing"),
            Map.entry("ema_decay", "training_hyperparams.ema_decay"),
            Map.entry("max_steps_per_epoch", "training_hyperparams.max_train_batches"));

    private RecipeValidator() {}

    /** Distillation is for ONNX models (their FP32 file is the teacher). */
    private static void criterion(RecipeSource src, boolean onnx) {
        String key = "training_hyperparams.criterion_params";
        CriterionParams c = src.recipe().trainingHyperparams().criterionParams();
        if (!onnx && c.distills()) {
            throw new RecipeException(key, src.origin(key), "distillation from the FP32 model (loss " + c.loss() + ", match "
                    + c.match() + ") needs an ONNX model: expected model.onnx, found the zoo model " + src.recipe().model().name(),
                    "Drop " + key + " (zoo models train with cross-entropy on labels), or set model.onnx.");
        }
    }

    /**
     * Validates model, training and (when {@code quantization}) quantization settings.
     *
     * @throws RecipeException naming the key, file and line of the first refused value
     */
    public static void validate(RecipeSource src, boolean quantization) {
        Recipe r = src.recipe();
        Path onnx = r.model().onnx();
        ModelInfo info = null;
        if (onnx != null) {
            if (!Files.isRegularFile(onnx)) {
                throw new RecipeException("model.onnx", src.origin("model.onnx"), "no such file: " + onnx,
                        "Give the path of an ONNX model (relative paths start at the working folder).");
            }
        } else {
            try {
                info = Models.info(r.model().name());
            } catch (Quant4jException e) {
                throw new RecipeException("model.name", src.origin("model.name"), e.problem(), e.hint());
            }
        }
        criterion(src, onnx != null);
        if (r.model().checkpoint() != null && !Files.isRegularFile(r.model().checkpoint())) {
            throw new RecipeException("model.checkpoint", src.origin("model.checkpoint"), "no such file: " + r.model().checkpoint(),
                    "Give the path of a checkpoint (relative paths start at the working folder).");
        }
        DatasetParams d = r.datasetParams();
        String[][] sources = {{"train", d.train()}, {"val", d.val()}, {"calib", d.calib()}};
        for (String[] given : sources) {
            if (given[1] != null) {
                String key = "dataset_params." + given[0];
                try {
                    DataSource.parse(given[1]);
                } catch (Quant4jException e) {
                    throw new RecipeException(key, src.origin(key), e.problem(), e.hint());
                }
            }
        }
        RecipeRuntime rt = new RecipeRuntime(r);
        try {
            rt.trainingParams();
        } catch (TrainingParamsException e) {
            String key = TRAINING_KEYS.getOrDefault(e.field(), "training_hyperparams");
            throw new RecipeException(key, src.origin(key), e.problem(), "Fix " + key + ".");
        }
        if (!quantization) {
            return;
        }
        String qp = "quantization_params";
        try {
            rt.quantizationSpec();
            rt.calibrationParams();
        } catch (Quant4jException e) {
            throw new RecipeException(qp, src.origin(qp), e.problem(), e.hint());
        } catch (IllegalArgumentException e) {
            throw new RecipeException(qp, src.origin(qp), e.getMessage(), "Fix " + qp + ".");
        }
        if (r.quantizationParams().exportParams().fp16() && r.quantizationParams().target() == QuantTarget.ONNXRUNTIME) {
            String key = qp + ".export_params.fp16";
            throw new RecipeException(key, src.origin(key), "a float16 export with target onnxruntime: ONNX Runtime 1.29 cannot load"
                    + " that file (the Q/DQ Gemm it fuses into QGemm keeps float16 scales), and its CPU integer kernels gain nothing"
                    + " from float16", "Set " + qp + ".target: tensorrt for a float16 file, or export_params.fp16: false.");
        }
        List<String> skip = r.quantizationParams().selectiveQuantizerParams().skipModules();
        if (!skip.isEmpty() && info != null) {
            Integer classes = r.model().numClasses();
            Integer channels = r.model().inChannels();
            try (Module skeleton = Models.get(info.name(), new ModelOptions(classes, channels, false, null, 0L))) {
                Set<String> paths = skeleton.namedModules().keySet();
                for (int i = 0; i < skip.size(); i++) {
                    if (!paths.contains(skip.get(i))) {
                        String key = qp + ".selective_quantizer_params.skip_modules";
                        NoSuchModuleException e = new NoSuchModuleException(skip.get(i), paths, "module to skip");
                        throw new RecipeException(key + "[" + i + "]", src.origin(key), e.problem(), e.hint());
                    }
                }
            }
        }
    }
}
