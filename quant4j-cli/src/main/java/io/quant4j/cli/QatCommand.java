package io.quant4j.cli;

import io.quant4j.data.Augmentation;
import io.quant4j.data.DataSource;
import io.quant4j.errors.Quant4jException;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.onnx.compare.CtcDecoder;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.recipe.Recipe;
import io.quant4j.recipe.RecipeSource;
import io.quant4j.recipe.RecipeValidator;
import io.quant4j.train.OptimizerKind;
import io.quant4j.train.ScheduleKind;
import io.quant4j.train.TrainingParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code quant4j qat --recipe FILE}: PTQ then quantization-aware training from a recipe
 * ({@code quantization_params.ptq_only: true} stops after PTQ). {@code quant4j qat --onnx FILE}:
 * PTQ of an imported ONNX model as {@code ptq --onnx}, then label-free QAT by distillation from the
 * FP32 original ({@link OnnxQat}).
 */
@Command(name = "qat", mixinStandardHelpOptions = true, description = {"Recipe-driven PTQ then quantization-aware training (--recipe),",
    "or PTQ then label-free QAT of an ONNX model distilled from its FP32 original (--onnx)."})
public final class QatCommand implements Callable<Integer> {
    /** The LAMB learning rate of {@code --onnx}, a relative change per step (docs/onnx-import.md says how it was chosen). */
    static final double ONNX_LR = 1e-4;

    /**
     * The LAMB learning rate of {@code --onnx} when {@code --skip} leaves nodes float: such a PTQ is
     * already close to FP32, and 1e-4 undid most of it on PP-OCRv4 det (docs/onnx-import.md).
     */
    static final double ONNX_MIXED_LR = 1e-5;

    /** {@code --augment crop}: the smallest crop, as a fraction of the image's area. */
    static final double AUGMENT_CROP_AREA = 0.25;

    /** {@code --augment jitter}: how far brightness, contrast and saturation factors move from 1. */
    static final double AUGMENT_JITTER = 0.4;

    /** The Adam learning rate of {@code --onnx --optimizer adam}. */
    static final double ONNX_ADAM_LR = 1e-5;

    /** Options of the recipe flow only. */
    private static final List<String> RECIPE_ONLY = List.of("--set", "--weights");

    @Spec
    CommandSpec spec;

    @Option(names = "--recipe", description = "The recipe (YAML).")
    Path recipeFile;

    @Option(names = "--set", description = "Override a recipe value, e.g. --set training_hyperparams.max_epochs=1 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--weights", description = "With --recipe: start from this float safetensors state dict; the same as"
            + " --set model.checkpoint=FILE --set model.pretrained=false.")
    Path weights;

    @Option(names = "--data", description = "With --recipe: validation data (--set dataset_params.val=PATH). With --onnx: the training"
            + " images (labels not needed; a dataset name or IDX folder gives its training split).")
    String data;

    @Option(names = "--calib-data", description = "Calibration data (labels not needed). With --recipe: --set dataset_params.calib=PATH;"
            + " with --onnx the default is --data.")
    String calibData;

    @Option(names = "--run-dir", description = "Run folder (default: <run_root>/<experiment_name>/<time>; with --onnx"
            + " runs/qat_onnx_<file>/<time>).")
    Path runDir;

    @Option(names = "--resume", description = "Continue an interrupted run (the newest unless --run-dir).")
    boolean resume;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Option(names = "--onnx", description = "Label-free QAT of this ONNX model (imported): PTQ as ptq --onnx, then fine-tuning against"
            + " the frozen FP32 graph.")
    Path onnx;

    @Mixin
    InputSpecOptions inputSpec;

    @Option(names = "--eval-data", description = "With --onnx: inputs the PTQ and QAT files are measured on against FP32 (default: the"
            + " test split of a named --data, else --data itself).")
    String evalData;

    @Option(names = "--epochs", converter = OptionValues.Positive.class, description = "With --onnx: training epochs over --data (default 1).")
    Integer epochs;

    @Option(names = "--steps", converter = OptionValues.Positive.class, description = "With --onnx: optimizer steps instead of --epochs.")
    Integer steps;

    @Option(names = "--batch-size", defaultValue = "32", converter = OptionValues.Positive.class,
            description = "With --onnx: training batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--loss", defaultValue = "mse", description = "With --onnx: mse (any output, default), kl (KL of the softmaxes of"
            + " class scores, logits or probabilities) or cross_entropy (labelled --data).")
    String loss;

    @Option(names = "--match", paramLabel = "NODE", description = "With --onnx: also match this node's output (its ONNX name) to the"
            + " FP32 graph's, as a mean squared error relative to the FP32 values' mean square (repeatable).")
    List<String> match = new ArrayList<>();

    @Option(names = "--match-weight", defaultValue = "1", description = "With --match: the weight of the matched features' mean"
            + " relative error against the output's divergence (default ${DEFAULT-VALUE}).")
    double matchWeight;

    @Option(names = "--temperature", defaultValue = "1", description = "With --loss kl: the temperature T (loss scaled by T^2; default ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--augment", split = ",", paramLabel = "flip,crop,jitter", description = "With --onnx: augment the"
            + " training images (an image folder): flip (left-right, p 0.5), crop (a random " + AUGMENT_CROP_AREA + " to 1 of the"
            + " area, aspect 3/4 to 4/3, resized to the input), jitter (brightness, contrast and saturation by " + AUGMENT_JITTER
            + "). The teacher sees the same augmented batch.")
    List<String> augment = new ArrayList<>();

    @Option(names = "--optimizer", defaultValue = "lamb", description = "With --onnx: lamb (default: each weight tensor moves by"
            + " --lr times its norm per step, whatever its scale) or adam (every weight by --lr).")
    String optimizer;

    @Option(names = "--lr", description = "With --onnx: learning rate, cosine to 0 per step (default " + ONNX_LR + " for lamb, "
            + ONNX_MIXED_LR + " for lamb when --skip leaves nodes float, " + ONNX_ADAM_LR + " for adam).")
    Double lr;

    @Option(names = "--update-bn-stats", description = "With --onnx: let BatchNorm layers update their running statistics (default:"
            + " frozen; imported models are converged, and most have their BatchNorms folded into convolutions).")
    boolean updateBnStats;

    @Option(names = "--target", defaultValue = "tensorrt", converter = TargetConverter.class,
            description = "With --onnx: tensorrt or onnxruntime, as ptq (default ${DEFAULT-VALUE}).")
    QuantTarget target;

    @Option(names = "--calib-method", defaultValue = "percentile", description = "With --onnx: as ptq (default ${DEFAULT-VALUE}).")
    String calibMethod;

    @Option(names = "--percentile", defaultValue = "99.99", converter = OptionValues.Percent.class, description = "As ptq (default ${DEFAULT-VALUE}).")
    double percentile;

    @Option(names = "--num-calib-batches", converter = OptionValues.Positive.class, description = "As ptq (default: 512 images).")
    Integer numCalibBatches;

    @Option(names = "--calib-batch-size", converter = OptionValues.Positive.class, description = "As ptq.")
    Integer calibBatchSize;

    @Option(names = "--skip", description = "With --onnx: an ONNX node to leave float (repeatable).")
    List<String> skip = new ArrayList<>();

    @Option(names = "--per-tensor-weights", description = "One amax per weight tensor instead of per output channel.")
    boolean perTensorWeights;

    @Option(names = "--weight-bits", defaultValue = "8", converter = OptionValues.Bits.class, description = "With --onnx: bits of the"
            + " weight quantizers, 2..8 (4 for W4A8; activations stay 8-bit; default ${DEFAULT-VALUE}).")
    int weightBits;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of calibration sample, shuffle and PyTorch (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--train-limit", defaultValue = "0", converter = OptionValues.NonNegative.class,
            description = "With --onnx: train on the first N images of --data (0 = all).")
    int trainLimit;

    @Option(names = "--eval-limit", defaultValue = "0", converter = OptionValues.NonNegative.class,
            description = "With --onnx: measure on the first N inputs of --eval-data (0 = all).")
    int evalLimit;

    @Option(names = "--skip-bad-images", description = "Skip images that cannot be decoded instead of failing.")
    boolean skipBadImages;

    @Option(names = "--ctc-keys", paramLabel = "FILE", description = "With --onnx: a PaddleOCR dictionary; also compare greedy CTC strings.")
    Path ctcKeys;

    @Option(names = "--export", description = "With --onnx: also write the QAT file here (verified in ONNX Runtime).")
    Path export;

    @Override
    public Integer call() throws Exception {
        if (onnx != null) {
            return onnx();
        }
        if (recipeFile == null) {
            throw new Quant4jException("qat needs a model: expected --recipe FILE or --onnx FILE, found neither", "command line",
                    "Give a recipe (see recipes/), or an ONNX file with --onnx and its data with --data.", null);
        }
        for (var o : spec.commandLine().getParseResult().matchedOptions()) {
            String name = o.longestName();
            if (!List.of("--recipe", "--set", "--weights", "--data", "--calib-data", "--run-dir", "--resume", "--json").contains(name)) {
                throw new Quant4jException(name + " applies to --onnx: expected it without --recipe", "command line",
                        "Drop " + name + ", or set the recipe's value with --set.", null);
            }
        }
        return run(recipeFile, RecipeOptions.withShortcuts(overrides, weights, data, calibData), runDir, resume, json, false);
    }

    private int onnx() throws Exception {
        for (var o : spec.commandLine().getParseResult().matchedOptions()) {
            if (RECIPE_ONLY.contains(o.longestName()) || o.longestName().equals("--recipe")) {
                throw new Quant4jException(o.longestName() + " applies to --recipe: expected it without --onnx", "command line",
                        "Drop " + o.longestName() + ".", null);
            }
        }
        if (data == null) {
            throw new Quant4jException("--onnx needs training images: expected --data PATH, found none", "command line",
                    "Give --data: a folder of representative inputs (labels not needed), a dataset name or a .npy.", null);
        }
        if (epochs != null && steps != null) {
            throw new Quant4jException("expected --epochs or --steps, found both", "command line", "Drop one of them.", null);
        }
        OptimizerKind kind = onnxOptimizer(optimizer);
        Augmentation aug = augmentation(augment);
        CliPaths.requireFile("--onnx", onnx);
        CliPaths.requireFile("--ctc-keys", ctcKeys);
        OnnxInput in = OnnxInput.of(onnx, inputSpec);
        if (in.note() != null) {
            System.out.println("note: " + in.note());
        }
        DataSource train = DataSource.parse(data);
        DataSource calib = calibData != null ? DataSource.parse(calibData) : train;
        DataSource eval = evalData != null ? DataSource.parse(evalData) : train;
        if (evalData == null && CliData.calibSplit(train) != io.quant4j.data.Split.TRAIN) {
            System.out.println("note: measuring on the training images (" + train.describe() + "); give --eval-data for held-out inputs");
        }
        List<String> nodes = skip.stream().map(GraphModule::moduleNameOf).toList();
        QuantizationSpec qspec = PtqCommand.quantizationSpec(calibMethod, perTensorWeights, weightBits, 8, nodes, target);
        TrainingParams params = TrainingParams.builder().epochs(epochs == null ? 1 : epochs).batchSize(batchSize)
                .optimizer(kind).lr(lr != null ? lr : defaultLr(kind, !nodes.isEmpty())).weightDecay(0).schedule(ScheduleKind.COSINE)
                .seed(seed).freezeBatchNorm(!updateBnStats).build();
        OnnxQatSettings s = new OnnxQatSettings(onnx, in.spec(), train, calib, eval, qspec,
                PtqCommand.calibrationParams(calibMethod, percentile, numCalibBatches, null),
                CalibBatchSize.of(calibBatchSize, in.spec().shape()), seed, params, steps, loss.toLowerCase(Locale.ROOT), temperature,
                trainLimit, evalLimit, OnnxQatSettings.evalBatchSize(in.spec().shape()), skipBadImages, export, ctcKeys, ctcKeys == null ? null : CtcDecoder.readPaddleOcrKeys(ctcKeys),
                aug, match, matchWeight);
        String stem = onnx.getFileName().toString().replaceFirst("\\.onnx$", "");
        return runOnnxQat(s, RunFolders.choose(runDir, Path.of("runs"), "qat_onnx_" + stem, resume), resume, json);
    }

    /** The learning rate of {@code --onnx} without {@code --lr}: by optimizer, and for LAMB by whether nodes stay float. */
    static double defaultLr(OptimizerKind kind, boolean nodesFloat) {
        if (kind != OptimizerKind.LAMB) {
            return ONNX_ADAM_LR;
        }
        return nodesFloat ? ONNX_MIXED_LR : ONNX_LR;
    }

    /** Runs the label-free QAT of {@code --onnx} or of an ONNX recipe; prints the JSON with {@code json}. */
    private static int runOnnxQat(OnnxQatSettings s, Path dir, boolean resume, boolean json) throws Exception {
        Map<String, Object> o = new OnnxQat(s, dir, resume).run(new QuantizationService(System.out), System.out, !json);
        if (json) {
            System.out.println(Json.result(o));
        }
        return 0;
    }

    /** {@code --augment} as the data layer's {@link Augmentation}. */
    static Augmentation augmentation(List<String> names) {
        boolean flip = false;
        boolean crop = false;
        boolean jitter = false;
        for (String raw : names) {
            String n = raw.trim().toLowerCase(Locale.ROOT);
            switch (n) {
                case "flip" -> flip = true;
                case "crop" -> crop = true;
                case "jitter" -> jitter = true;
                default -> throw new Quant4jException("unknown augmentation: expected flip, crop or jitter, found " + raw, "--augment",
                        "Use a comma-separated list such as --augment flip,crop,jitter.", null);
            }
        }
        return flip || crop || jitter ? new Augmentation(crop, flip, 0, AUGMENT_CROP_AREA, jitter ? AUGMENT_JITTER : 0) : Augmentation.NONE;
    }

    /** {@code --optimizer} of {@code --onnx}: lamb or adam. */
    private static OptimizerKind onnxOptimizer(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (!n.equals("lamb") && !n.equals("adam")) {
            throw new Quant4jException("unknown optimizer for qat --onnx: expected lamb or adam, found " + name, "--optimizer",
                    "Use --optimizer lamb (the default) or --optimizer adam.", null);
        }
        return OptimizerKind.parse(n);
    }

    /** Shared with {@code ptq --recipe}. */
    static int run(Path recipeFile, List<String> overrides, Path runDir, boolean resume, boolean json, boolean ptqOnly)
            throws Exception {
        RecipeSource src = RecipeSource.load(recipeFile, overrides);
        RecipeValidator.validate(src, true);
        Recipe recipe = src.recipe();
        if (recipe.model().onnx() != null) {
            return runOnnx(recipe, runDir, resume, json, ptqOnly);
        }
        Path dir = RunFolders.choose(runDir, recipe.runRoot(), recipe.experimentName(), resume);
        System.out.println("run folder: " + dir);
        Map<String, Object> s = new QuantizationFlow(recipe, dir, resume).run(ptqOnly).toMap();
        printTable(s);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            for (String k : List.of("fp32_accuracy", "ptq_accuracy", "ptq_onnx_accuracy", "qat_accuracy", "qat_onnx_accuracy",
                    "qat_epochs", "fp32_step_ms", "qat_step_ms", "run_dir", "ptq_onnx", "qat_onnx", "warnings")) {
                o.put(k, s.get(k));
            }
            System.out.println(Json.result(o));
        }
        return 0;
    }

    /** A recipe with {@code model.onnx}: label-free QAT of the file, as {@code qat --onnx} ({@link OnnxRecipe}). */
    private static int runOnnx(Recipe recipe, Path runDir, boolean resume, boolean json, boolean ptqOnly) throws Exception {
        if (ptqOnly) {
            throw new Quant4jException("ptq --recipe runs zoo models: expected model.name, found model.onnx " + recipe.model().onnx(),
                    "model.onnx", "Run qat --recipe (PTQ, then label-free QAT), or ptq --onnx FILE for PTQ alone.", null);
        }
        OnnxQatSettings s = OnnxRecipe.settings(recipe, System.out);
        return runOnnxQat(s, RunFolders.choose(runDir, recipe.runRoot(), recipe.experimentName(), resume), resume, json);
    }

    /** Simulated (Java) and deployed (the ONNX file in ONNX Runtime) top-1 of each stage. */
    private static void printTable(Map<String, Object> s) {
        System.out.printf("%-6s %-12s %s%n", "stage", "simulated", "ONNX Runtime");
        System.out.printf("%-6s %-12s %s%n", "FP32", percent(s.get("fp32_accuracy")), "");
        for (String stage : List.of("ptq", "qat")) {
            if (s.get(stage + "_accuracy") != null) {
                System.out.printf("%-6s %-12s %s%n", stage.toUpperCase(Locale.ROOT), percent(s.get(stage + "_accuracy")),
                        s.get(stage + "_onnx_accuracy") == null ? "not exported" : percent(s.get(stage + "_onnx_accuracy")));
            }
        }
    }

    private static String percent(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.2f %%", 100 * n.doubleValue()) : "-";
    }
}
