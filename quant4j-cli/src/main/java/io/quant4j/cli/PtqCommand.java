package io.quant4j.cli;

import io.quant4j.checkpoint.CheckpointInfo;
import io.quant4j.checkpoint.ModelCheckpoint;
import io.quant4j.data.DataLoader;
import io.quant4j.data.DataSource;
import io.quant4j.data.Split;
import io.quant4j.errors.Quant4jException;
import io.quant4j.onnx.ExportOptions;
import io.quant4j.quantization.CalibMethod;
import io.quant4j.quantization.analysis.ModelMetric;
import io.quant4j.quantization.calib.AmaxMethod;
import io.quant4j.quantization.calib.HistogramMethod;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.train.EvalResult;
import io.quant4j.train.Evaluator;
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
 * {@code quant4j ptq --model NAME --pretrained}: quantize a copy of the model selectively,
 * calibrate it on training images, and compare FP32 and simulated INT8 accuracy on the
 * Fashion-MNIST test set. {@code --target onnxruntime} places the quantizers for ONNX Runtime's
 * integer kernels; {@code --output} writes a checkpoint, {@code --export} an ONNX file.
 */
@Command(name = "ptq", mixinStandardHelpOptions = true, description = "Post-training quantization with calibration; prints FP32 vs INT8 accuracy.")
public final class PtqCommand implements Callable<Integer> {
    /** What {@code --recipe} may be combined with; the recipe says the rest ({@code --set} changes it). */
    private static final List<String> WITH_RECIPE = List.of("--recipe", "--set", "--run-dir", "--weights", "--data", "--calib-data", "--json");

    @Spec
    CommandSpec spec;

    @Mixin
    ModelSource source;

    @Mixin
    InputSpecOptions inputSpec;

    @Option(names = "--recipe", description = "Run the recipe's PTQ (model, data, quantization_params) instead of the options below.")
    Path recipe;

    @Option(names = "--set", description = "Override a recipe value (with --recipe; repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--run-dir", description = "Run folder for --recipe (default: <run_root>/<experiment_name>/<time>).")
    Path runDir;

    @Option(names = "--calib-method", defaultValue = "percentile",
            description = "percentile, entropy, mse (histogram calibrators on inputs) or max (max calibrators on inputs). Default ${DEFAULT-VALUE}.")
    String calibMethod;

    @Option(names = "--percentile", defaultValue = "99.99", converter = OptionValues.Percent.class, description = "Percentile for --calib-method percentile (default ${DEFAULT-VALUE}).")
    double percentile;

    @Option(names = "--num-calib-batches", converter = OptionValues.Positive.class, description = "Calibration batches (default: enough batches for 512 images).")
    Integer numCalibBatches;

    @Option(names = "--max-clipped", converter = OptionValues.Fraction.class, description = "With --calib-method entropy: only ranges that clip at most this fraction of"
            + " the values compete (e.g. 0.001); default none, pytorch-quantization's unbounded search.")
    Double maxClipped;

    @Option(names = "--calib-batch-size", converter = OptionValues.Positive.class, description = "Images per calibration batch (default 128,"
            + " fewer for large inputs: 6 for 3x480x480).")
    Integer calibBatchSize;

    @Option(names = "--skip", converter = OptionValues.ModulePath.class, description = "Dotted module path to leave float (repeatable).")
    List<String> skip = new ArrayList<>();

    @Option(names = "--per-tensor-weights", description = "One amax per weight tensor instead of per output channel.")
    boolean perTensorWeights;

    @Option(names = "--weight-bits", defaultValue = "8", converter = OptionValues.Bits.class, description = "Bits of weight quantizers (default ${DEFAULT-VALUE}).")
    int weightBits;

    @Option(names = "--input-bits", defaultValue = "8", converter = OptionValues.Bits.class, description = "Bits of input quantizers (default ${DEFAULT-VALUE}).")
    int inputBits;

    @Option(names = "--eval-limit", defaultValue = "0", converter = OptionValues.NonNegative.class, description = "Evaluate on the first N test images (0 = all 10,000).")
    int evalLimit;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the calibration sample (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data", description = "Evaluation data: a dataset name (fashion_mnist, mnist), an IDX folder, an image folder"
            + " (one subfolder per class) or a .npy of preprocessed inputs (default: the model's dataset).")
    String data;

    @Option(names = "--calib-data", description = "Calibration data, as --data; labels are not needed (an unlabelled image folder"
            + " works). Default: the training split of --data when it has one, else --data itself.")
    String calibData;

    @Option(names = "--skip-bad-images", description = "Skip images that cannot be decoded (their count is printed) instead of failing.")
    boolean skipBadImages;

    @Option(names = "--output", description = "Write the quantized model as a quant4j checkpoint (.safetensors).")
    Path output;

    @Option(names = "--target", defaultValue = "tensorrt", converter = TargetConverter.class,
            description = "Runtime the quantizers are placed for: tensorrt (Q/DQ on op inputs, TensorRT builds INT8 engines)"
                    + " or onnxruntime (integer kernels in ONNX Runtime on CPU). Default ${DEFAULT-VALUE}.")
    QuantTarget target;

    @Option(names = "--export", description = "Also export the quantized model to this ONNX file (verified in ONNX Runtime).")
    Path export;

    @Option(names = "--fp16", description = "With --export: write the float parts in float16, inputs and outputs float32"
            + " (opset 19), verified against the float32 export in ONNX Runtime (tensorrt target only).")
    boolean fp16;

    @Option(names = "--onnx", description = "Quantize this ONNX model (any, imported) instead of a zoo model; --calib-data is"
            + " required, --skip takes node names.")
    Path onnx;

    @Option(names = "--accuracy-budget", converter = OptionValues.Budget.class, description = "Automatic mixed precision: leave in"
            + " float the fewest layers, most sensitive first, until INT8 is within this many points of FP32 on the search data"
            + " (top-1 accuracy; on unlabelled data the agreement with FP32: top-1 for class scores, mask IoU at 0.3 for"
            + " probability maps, identical greedy CTC strings for sequences); prints the chosen skip_modules (--skip"
            + " names, with --onnx too) and re-calibrates once with them.")
    Double accuracyBudget;

    @Option(names = "--search-data", description = "Data the --accuracy-budget search measures on, as --data (default: the"
            + " training split of the evaluation data when it has one, else the evaluation data; with --onnx and no --data,"
            + " --calib-data).")
    String searchData;

    @Option(names = "--search-limit", defaultValue = "2000", converter = OptionValues.NonNegative.class,
            description = "Images the --accuracy-budget search measures on: the first N of the search data (0 = all; default ${DEFAULT-VALUE}).")
    int searchLimit;

    @Option(names = "--quiet", description = "No per-quantizer table.")
    boolean quiet;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        RecipeOptions.checkCombination(spec, recipe != null, WITH_RECIPE);
        if (recipe != null) {
            return QatCommand.run(recipe, RecipeOptions.withShortcuts(overrides, source.weights, data, calibData), runDir, false, json, true);
        }
        CliPaths.checkOutputs(inputs(), outputs());
        CalibrationParams params = calibrationParams(calibMethod, percentile, numCalibBatches, maxClipped);
        QuantizationSpec qspec = quantizationSpec(calibMethod, perTensorWeights, weightBits, inputBits, skip, target);
        checkFp16();
        if (onnx != null) {
            return onnx(qspec, params);
        }
        if (inputSpec.given()) {
            throw new Quant4jException("the input spec options (" + inputSpec.describe() + ") describe an ONNX file's input: expected them"
                    + " with --onnx, found a zoo model", "command line",
                    "Drop them: zoo models and checkpoints carry their input spec.", null);
        }
        ModelSource.Loaded loaded = source.load();
        if (loaded.quantized()) {
            throw new Quant4jException("the checkpoint is already quantized: expected a float model",
                    "Give the float model (--pretrained, --weights or a float --checkpoint).");
        }
        long[] inputShape = QuantizationService.inputShape(loaded.input());
        DataSource evalSource = CliData.evalSource(data, loaded.defaultData(), loaded.name());
        DataSource calibSource = CliData.calibSource(calibData, evalSource);
        DataLoader test = CliData.eval(evalSource, loaded.input(), loaded.numClasses(), CliData.EVAL_BATCH, evalLimit, skipBadImages);
        Split calibSplit = CliData.calibSplit(calibSource);
        int batch = CalibBatchSize.of(calibBatchSize, loaded.input().shape());
        DataLoader calib = CliData.calibration(calibSource, calibSplit, loaded.input(), batch, seed, skipBadImages);
        System.out.println("calibration data: " + calibSource.describe() + (calibSplit == Split.TRAIN ? " (training split)" : ""));
        if (calibData == null && calibSplit != Split.TRAIN) {
            System.out.println("note: calibrating on the evaluation data (" + evalSource.describe() + "); give --calib-data with"
                    + " training images to keep the accuracy an unbiased estimate");
        }
        EvalResult fp32 = Evaluator.evaluate(loaded.module(), test);
        System.out.printf(Locale.ROOT, "FP32 %s: top-1 %.2f %% on %,d images of %s%n", loaded.name(), 100 * fp32.top1(),
                fp32.examples(), evalSource.describe());

        QuantizationService service = new QuantizationService(System.out);
        QuantizationService.Calibrated c = service.ptq(loaded.module(), qspec, inputShape, calib, params, !json);
        MixedPrecision.Outcome mixed = null;
        if (accuracyBudget != null) {
            AccuracyBudget budget = budget(evalSource);
            ModelMetric metric = budget.metric(loaded.module(), loaded.input(), loaded.numClasses(), CliData.EVAL_BATCH, skipBadImages,
                    System.out);
            mixed = MixedPrecision.run(service, loaded.module(), qspec, inputShape, calib, params, c, metric, budget.points(), !json,
                    System.out);
            c = mixed.calibrated();
            qspec = mixed.spec();
        }
        // ptq's checkpoint and ONNX file record the method and batches but not the data digest, as they always have
        CalibrationSummary cal = c.summary().withoutDigest();
        EvalResult int8 = Evaluator.evaluate(c.model(), test);
        if (!quiet) {
            System.out.printf("%-36s %-10s %s%n", "quantizer", "calibrator", "amax");
            c.result().calibration().quantizers().forEach(q -> System.out.printf("%-36s %-10s %s%n", q.path(), q.calibrator(),
                    amax(q.amax())));
        }
        System.out.printf(Locale.ROOT, "FP32 %.2f %% -> INT8 (simulated, %s target) %.2f %% (%+.2f pt)%n",
                100 * fp32.top1(), target.id(), 100 * int8.top1(), 100 * (int8.top1() - fp32.top1()));
        if (output != null) {
            CheckpointInfo info = new CheckpointInfo(loaded.name(), loaded.numClasses(), loaded.inChannels(), qspec,
                    Map.of("calibration", Json.line(cal)), loaded.input());
            ModelCheckpoint.save(c.model(), output, info);
            System.out.println("wrote " + output);
        }
        QuantizationService.Exported exported = null;
        if (export != null) {
            ExportOptions opts = QuantizationService.exportOptions(inputShape, qspec, loaded.name(), cal).withInput(loaded.input())
                    .withFp16(fp16);
            exported = service.export(c.model(), export, opts, CliData.imageBatches(test, 4), test);
        }
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("fp32_accuracy", fp32.top1());
            o.put("int8_accuracy", int8.top1());
            if (exported != null) {
                o.put("int8_onnx_accuracy", exported.deployed().onnxAccuracy());
                o.put("int8_onnx_disagreements", exported.deployed().disagreements());
            }
            o.put("calib_method", cal.method());
            o.put("calib_seconds", cal.seconds());
            o.put("calib_images", cal.images());
            o.put("calib_images_per_second", cal.imagesPerSecond());
            o.put("quantizers", cal.quantizers());
            o.put("test_images", int8.examples());
            o.put("data", evalSource.describe());
            o.put("calib_data", calibSource.describe());
            o.put("target", target.id());
            o.put("placement", c.result().report().notes());
            if (output != null) {
                o.put("checkpoint", output.toString());
            }
            if (exported != null) {
                o.put("onnx", exported.export());
            }
            if (mixed != null) {
                o.put("accuracy_budget", mixed.toJson());
            }
            o.put("warnings", service.warnings().toJson());
            System.out.println(Json.result(o));
        }
        c.model().close();
        loaded.module().close();
        return 0;
    }

    /**
     * The calibration of {@code --calib-method}, {@code --percentile}, {@code --num-calib-batches}
     * and {@code --max-clipped} (shared with {@code qat --onnx}).
     */
    static CalibrationParams calibrationParams(String calibMethod, double percentile, Integer numCalibBatches, Double maxClipped) {
        String method = calibMethod.toLowerCase(Locale.ROOT);
        boolean maxInputs = method.equals("max");
        CalibrationParams params = CalibrationParams.defaults().withMethod(maxInputs ? AmaxMethod.percentile(percentile)
                : AmaxMethod.parse(method, percentile)).withBatches(numCalibBatches);
        if (maxClipped != null) {
            if (params.histogramCalibMethod() != HistogramMethod.ENTROPY) {
                throw new Quant4jException("--max-clipped bounds the entropy method: expected --calib-method entropy, found "
                        + method, "Add --calib-method entropy, or drop --max-clipped.");
            }
            params = params.withMethod(AmaxMethod.entropy(maxClipped));
        }
        return params;
    }

    /** The placement of the quantizer options (shared with {@code qat --onnx}). */
    static QuantizationSpec quantizationSpec(String calibMethod, boolean perTensorWeights, int weightBits, int inputBits, List<String> skip,
                                             QuantTarget target) {
        boolean maxInputs = calibMethod.toLowerCase(Locale.ROOT).equals("max");
        SelectiveQuantizerParams sq = SelectiveQuantizerParams.defaults().withVerbose(false)
                .withCalibratorI(maxInputs ? CalibMethod.MAX : CalibMethod.HISTOGRAM)
                .withPerChannel(!perTensorWeights).withBits(weightBits, inputBits).withSkipModules(skip);
        return QuantizationSpec.defaults().withParams(sq).withTarget(target);
    }

    /**
     * The {@code --accuracy-budget} search's data: {@code --search-data} (its test split), else the
     * training split of {@code data} when it has one, else {@code data} (the evaluation data; for
     * {@code --onnx} without {@code --data}, the calibration data).
     */
    private AccuracyBudget budget(DataSource data) {
        DataSource src = searchData != null ? DataSource.parse(searchData) : data;
        Split split = searchData != null ? Split.TEST : CliData.calibSplit(data);
        return new AccuracyBudget(accuracyBudget, src, split, searchLimit);
    }

    /** {@code --onnx}: an imported model. */
    private int onnx(QuantizationSpec qspec, CalibrationParams params) {
        if (source.model != null || source.checkpoint != null || source.weights != null || source.pretrained) {
            throw new Quant4jException("--onnx replaces the model options: found --onnx with "
                    + (source.model != null ? "--model" : source.checkpoint != null ? "--checkpoint" : source.weights != null ? "--weights"
                    : "--pretrained"), "command line", "Give either --onnx FILE or a zoo model.", null);
        }
        if (calibData == null) {
            throw new Quant4jException("--onnx needs calibration data: expected --calib-data PATH, found none", "command line",
                    "Give --calib-data: a folder of representative inputs (images) or a .npy of preprocessed inputs.", null);
        }
        CliPaths.requireFile("--onnx", onnx);
        OnnxInput in = OnnxInput.of(onnx, inputSpec);
        if (in.note() != null) {
            System.out.println("note: " + in.note());
        }
        List<String> nodes = skip.stream().map(io.quant4j.nn.graph.GraphModule::moduleNameOf).toList();
        QuantizationSpec spec = qspec.withParams(qspec.params().withSkipModules(nodes));
        DataSource calib = DataSource.parse(calibData);
        DataSource eval = data != null ? DataSource.parse(data) : null;
        QuantizationService service = new QuantizationService(System.out);
        int batch = CalibBatchSize.of(calibBatchSize, in.spec().shape());
        AccuracyBudget budget = accuracyBudget == null ? null : budget(eval != null ? eval : calib);
        Map<String, Object> o = new OnnxPtq(onnx, in.spec(), calib, eval).run(spec, params, batch, seed, evalLimit, skipBadImages,
                export, budget, !json, service, System.out);
        if (json) {
            System.out.println(Json.result(o));
        }
        return 0;
    }

    /** {@code --fp16} needs {@code --export}, a zoo model (not --onnx) and the tensorrt target; refused before any work. */
    private void checkFp16() {
        if (!fp16) {
            return;
        }
        if (export == null) {
            throw new Quant4jException("--fp16 sets how --export writes the ONNX file: expected --export FILE, found none",
                    "command line", "Add --export FILE, or drop --fp16.", null);
        }
        if (onnx != null) {
            throw new Quant4jException("--fp16 with --onnx: the float16 export is not implemented for imported ONNX models",
                    "command line", "Drop --fp16 (the file keeps the imported model's float types).", null);
        }
        if (target == QuantTarget.ONNXRUNTIME) {
            throw new Quant4jException("--fp16 with --target onnxruntime: ONNX Runtime 1.29 cannot load that float16 file (the"
                    + " Q/DQ Gemm it fuses into QGemm keeps float16 scales), and its CPU integer kernels gain nothing from float16",
                    "command line", "Use --target tensorrt for a float16 file, or drop --fp16.", null);
        }
    }

    private Map<String, Path> inputs() {
        Map<String, Path> in = new LinkedHashMap<>();
        in.put("--weights", source.weights);
        in.put("--checkpoint", source.checkpoint);
        in.put("--onnx", onnx);
        return in;
    }

    private Map<String, Path> outputs() {
        Map<String, Path> out = new LinkedHashMap<>();
        out.put("--output", output);
        out.put("--export", export);
        return out;
    }

    private static String amax(float[] a) {
        if (a == null) {
            return "dynamic";
        }
        if (a.length == 1) {
            return String.format(Locale.ROOT, "%.5f", a[0]);
        }
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float v : a) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return String.format(Locale.ROOT, "[%.5f .. %.5f] (%d channels)", lo, hi, a.length);
    }
}
