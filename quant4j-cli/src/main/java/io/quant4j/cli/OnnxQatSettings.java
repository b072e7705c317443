package io.quant4j.cli;

import io.quant4j.data.Augmentation;
import io.quant4j.data.DataSource;
import io.quant4j.data.InputSpec;
import io.quant4j.errors.Quant4jException;
import io.quant4j.onnx.compare.CtcDecoder;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.recipe.CriterionParams;
import io.quant4j.train.TrainingParams;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective settings of {@code qat --onnx} ({@link OnnxQat}), validated here and written to the
 * run folder as {@code settings.json}; a resumed run must have the same.
 *
 * @param onnx the FP32 model (also the teacher)
 * @param spec how its input is preprocessed
 * @param data the training images (labels not needed; a named or IDX source gives its training split)
 * @param calib the calibration images
 * @param eval the images both files are measured on (a named or IDX source gives its test split)
 * @param quantization placement and bits, as {@code ptq --onnx}
 * @param calibration calibration method and batches, as {@code ptq --onnx}
 * @param calibBatchSize images per calibration batch
 * @param seed seed of the calibration sample and of training (shuffle, PyTorch)
 * @param training the fine-tuning parameters; {@code epochs} is replaced when {@code steps} is set
 * @param steps optimizer steps instead of epochs ({@link #trainingFor}), or null
 * @param loss {@code mse}, {@code kl} or {@code cross_entropy}
 * @param temperature the KL temperature {@code T}
 * @param trainLimit train on the first N images of {@code data} (0: all)
 * @param evalLimit measure on the first N images of {@code eval} (0: all)
 * @param evalBatchSize images per ONNX Runtime batch of the measurement
 * @param skipBadImages skip images that do not decode
 * @param export also write the QAT file here, or null
 * @param ctcKeys a PaddleOCR dictionary: compare greedy CTC strings of sequence outputs, or null
 * @param ctc the dictionary read, or null
 * @param augmentation of the training images (image folders; {@link Augmentation#NONE} for none)
 */
record OnnxQatSettings(Path onnx, InputSpec spec, DataSource data, DataSource calib, DataSource eval,
                       QuantizationSpec quantization, CalibrationParams calibration, int calibBatchSize, long seed,
                       TrainingParams training, Integer steps, String loss, double temperature, int trainLimit, int evalLimit,
                       int evalBatchSize, boolean skipBadImages, Path export, Path ctcKeys, CtcDecoder ctc,
                       Augmentation augmentation, List<String> match, double matchWeight) {
    /** Batch size of the evaluation of the FP32, PTQ and QAT files: at most 32, less for large inputs. */
    static int evalBatchSize(long[] shape) {
        return Math.min(32, CalibBatchSize.of(null, shape));
    }

    /** The losses {@code --loss} takes. */
    static final List<String> LOSSES = CriterionParams.LOSSES;

    OnnxQatSettings {
        if (onnx == null || spec == null || data == null || calib == null || eval == null || quantization == null || calibration == null
                || training == null || augmentation == null) {
            throw new IllegalArgumentException("expected the model, input spec, data sources, quantization and training settings");
        }
        if (!LOSSES.contains(loss)) {
            throw new Quant4jException("unknown loss: expected one of " + LOSSES + ", found " + loss, "--loss",
                    "Use mse (any output, the default), kl (class scores: logits or softmax) or cross_entropy (labelled data).", null);
        }
        if (steps != null && steps < 1) {
            throw new Quant4jException("expected --steps >= 1, found " + steps, "--steps", "Give a positive number of steps.", null);
        }
        if (!(temperature > 0 && Double.isFinite(temperature))) {
            throw new Quant4jException("expected a temperature > 0, found " + temperature, "--temperature", "Use 1 (plain KL) or 2..4.", null);
        }
        if (augmentation.any() && !(data instanceof DataSource.ImageFolder || data instanceof DataSource.UnlabelledFolder)) {
            throw new Quant4jException("--augment works on image folders: expected a folder of images as --data, found "
                    + data.describe(), "--augment", "Drop --augment, or give the training images as a folder.", null);
        }
        match = match == null ? List.of() : List.copyOf(match);
        String conflict = CriterionParams.matchConflict(loss, match);
        if (conflict != null) {
            throw new Quant4jException(conflict, "--match", "Drop --match, or distill (--loss mse or kl).", null);
        }
        if (!(matchWeight > 0 && Double.isFinite(matchWeight))) {
            throw new Quant4jException("expected a --match-weight > 0, found " + matchWeight, "--match-weight",
                    "Use 1 (as much as the output's divergence) or less.", null);
        }
        if (calibBatchSize < 1 || evalBatchSize < 1 || trainLimit < 0 || evalLimit < 0) {
            throw new IllegalArgumentException("expected batch sizes >= 1 and limits >= 0, found " + calibBatchSize + ", "
                    + evalBatchSize + ", " + trainLimit + ", " + evalLimit);
        }
    }

    /**
     * The training parameters for a loader of {@code batchesPerEpoch} batches: with {@code steps}
     * set, {@code E = ceil(steps / batchesPerEpoch)} epochs of {@code ceil(steps / E)} steps each
     * (at most {@code E - 1} steps more than asked, and each epoch a full reshuffle).
     */
    TrainingParams trainingFor(int batchesPerEpoch) {
        if (steps == null) {
            return training;
        }
        int epochs = (int) Math.ceil(steps / (double) batchesPerEpoch);
        int perEpoch = (int) Math.ceil(steps / (double) epochs);
        return training.toBuilder().epochs(epochs).maxStepsPerEpoch(perEpoch == batchesPerEpoch ? 0 : perEpoch).build();
    }

    /** " (NAME split)" for sources that have splits (named, IDX), else nothing. */
    private static String split(DataSource s, String name) {
        return s instanceof DataSource.Named || s instanceof DataSource.IdxFolder ? " (" + name + " split)" : "";
    }

    /** The settings by name, as {@code settings.json} holds them. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("onnx", onnx.toAbsolutePath().normalize().toString());
        m.put("input_spec", spec.toJson());
        m.put("data", data.describe() + split(data, "training"));
        m.put("calib_data", calib.describe() + split(calib, "training"));
        m.put("eval_data", eval.describe() + split(eval, "test"));
        m.put("target", quantization.target().id());
        m.put("weight_bits", quantization.params().weightBits());
        m.put("input_bits", quantization.params().inputBits());
        m.put("per_channel", quantization.params().perChannel());
        m.put("skip", quantization.params().skipModules());
        m.put("calib_method", calibration.histogramMethod().toString());
        m.put("calib_calibrator_inputs", quantization.params().calibratorI().toString());
        m.put("num_calib_batches", calibration.numCalibBatches());
        m.put("calib_batch_size", calibBatchSize);
        m.put("seed", seed);
        m.put("loss", loss);
        m.put("temperature", temperature);
        m.put("match", match);
        m.put("match_weight", matchWeight);
        m.put("steps", steps);
        m.put("train_limit", trainLimit);
        m.put("eval_limit", evalLimit);
        m.put("eval_batch_size", evalBatchSize);
        m.put("skip_bad_images", skipBadImages);
        m.put("export", export == null ? null : export.toString());
        m.put("ctc_keys", ctcKeys == null ? null : ctcKeys.toString());
        // ordered: --resume compares settings.json as text, and Map.of's order changes between JVM runs
        Map<String, Object> aug = new LinkedHashMap<>();
        aug.put("random_resized_crop", augmentation.randomResizedCrop());
        aug.put("min_crop_area", augmentation.minCropArea());
        aug.put("horizontal_flip", augmentation.horizontalFlip());
        aug.put("color_jitter", augmentation.colorJitter());
        m.put("augment", aug);
        m.put("training_params", training.toMap());
        return m;
    }
}
