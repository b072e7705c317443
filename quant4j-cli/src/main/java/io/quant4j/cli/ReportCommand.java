package io.quant4j.cli;

import io.quant4j.data.DataLoader;
import io.quant4j.data.DataSource;
import io.quant4j.data.InputSpec;
import io.quant4j.data.Split;
import io.quant4j.errors.Quant4jException;
import io.quant4j.io.AtomicFiles;
import io.quant4j.nn.Module;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.onnx.imports.ImportOptions;
import io.quant4j.onnx.imports.OnnxImporter;
import io.quant4j.quantization.CalibMethod;
import io.quant4j.quantization.analysis.HistogramSnapshot;
import io.quant4j.quantization.calib.AmaxMethod;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.quantization.target.QuantizationSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code quant4j report (--model N --pretrained | --checkpoint F | --onnx F) --output DIR}: where
 * quantization loses accuracy. One calibration pass; then the FP32 / INT8 / per-method table, each
 * layer's output SQNR and sensitivity both ways, every quantizer's histogram; written as
 * {@code DIR/report.json}, {@code DIR/report.html} (self-contained) and the PNG charts in
 * {@code DIR/plots}.
 */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Per-layer sensitivity, calibration histograms and"
        + " per-method accuracy of a quantized model, as HTML, JSON and PNG charts.")
public final class ReportCommand implements Callable<Integer> {
    @Mixin
    ModelSource source;

    @Mixin
    InputSpecOptions inputSpec;

    @Option(names = "--onnx", description = "Analyse this ONNX model (imported) instead of a zoo model; needs --data or --calib-data.")
    Path onnx;

    @Option(names = "--data", description = "Data every figure is measured on, as ptq's --data (default: the model's dataset);"
            + " without labels the report measures agreement with FP32 and says so.")
    String data;

    @Option(names = "--calib-data", description = "Calibration data, as ptq's (default: the training split of --data when it has one,"
            + " else --data).")
    String calibData;

    @Option(names = "--target", defaultValue = "tensorrt", converter = TargetConverter.class,
            description = "Runtime the quantizers are placed for: tensorrt or onnxruntime (default ${DEFAULT-VALUE}).")
    QuantTarget target;

    @Option(names = "--output", required = true, description = "Folder to write report.html, report.json and plots/ into (created).")
    Path output;

    @Option(names = "--limit", defaultValue = "1000", converter = OptionValues.NonNegative.class,
            description = "Measure on the first N inputs of the data (0 = all; default ${DEFAULT-VALUE}): the report runs about"
                    + " 2 x layers + 6 evaluations.")
    int limit;

    @Option(names = "--calib-method", defaultValue = "percentile", description = "Method of the INT8 row: percentile, entropy or mse"
            + " (every method is in the table). Default ${DEFAULT-VALUE}.")
    String calibMethod;

    @Option(names = "--percentile", defaultValue = "99.99", converter = OptionValues.Percent.class, description = "Percentile of the"
            + " percentile method (default ${DEFAULT-VALUE}).")
    double percentile;

    @Option(names = "--num-calib-batches", converter = OptionValues.Positive.class, description = "Calibration batches (default: 512 images).")
    Integer numCalibBatches;

    @Option(names = "--calib-batch-size", converter = OptionValues.Positive.class, description = "Images per batch (default as ptq's).")
    Integer calibBatchSize;

    @Option(names = "--per-tensor-weights", description = "One amax per weight tensor instead of per output channel.")
    boolean perTensorWeights;

    @Option(names = "--weight-bits", defaultValue = "8", converter = OptionValues.Bits.class, description = "Bits of weights (default ${DEFAULT-VALUE}).")
    int weightBits;

    @Option(names = "--input-bits", defaultValue = "8", converter = OptionValues.Bits.class, description = "Bits of inputs (default ${DEFAULT-VALUE}).")
    int inputBits;

    @Option(names = "--skip", converter = OptionValues.ModulePath.class, description = "Module path (or ONNX node name) left float (repeatable).")
    List<String> skip = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the calibration sample (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--skip-bad-images", description = "Skip images that cannot be decoded instead of failing.")
    boolean skipBadImages;

    @Option(names = "--json", description = "Print one JSON object (the table and the paths written) as the last line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        checkOutputFolder(output);
        CalibrationParams params = CalibrationParams.defaults().withMethod(AmaxMethod.parse(calibMethod, percentile))
                .withBatches(numCalibBatches);
        SelectiveQuantizerParams sq = SelectiveQuantizerParams.defaults().withVerbose(false).withCalibratorI(CalibMethod.HISTOGRAM)
                .withPerChannel(!perTensorWeights).withBits(weightBits, inputBits);
        ReportAnalysis a;
        if (onnx != null) {
            a = onnx(sq, params);
        } else {
            a = zoo(sq, params);
        }
        Map<String, String> files = write(a);
        a.rows().forEach((k, f) -> System.out.printf(Locale.ROOT, "%-24s %s%n", k, ReportAnalysis.row(f, a.labelled())));
        System.out.println("most sensitive layers: " + a.worstFirst().subList(0, Math.min(5, a.worstFirst().size())));
        System.out.println("wrote " + output.resolve("report.html") + ", " + output.resolve("report.json") + " and "
                + (files.size()) + " PNG charts in " + output.resolve("plots"));
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("html", output.resolve("report.html").toString());
            o.put("json", output.resolve("report.json").toString());
            o.put("plots", files.size());
            o.put("labelled", a.labelled());
            o.put("most_sensitive", a.worstFirst());
            System.out.println(Json.result(o));
        }
        return 0;
    }

    /** The output must be a folder (created when absent), never a file. */
    static void checkOutputFolder(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new Quant4jException("--output " + dir + " is a file: expected a folder to write report.html, report.json and"
                    + " plots/ into", dir.toAbsolutePath().toString(), "Give a folder path (it is created when absent).", null);
        }
    }

    private ReportAnalysis zoo(SelectiveQuantizerParams sq, CalibrationParams params) throws IOException {
        if (inputSpec.given()) {
            throw new Quant4jException("the input spec options (" + inputSpec.describe() + ") describe an ONNX file's input: expected"
                    + " them with --onnx, found a zoo model", "command line", "Drop them: zoo models carry their input spec.", null);
        }
        ModelSource.Loaded loaded = source.load();
        if (loaded.quantized()) {
            throw new Quant4jException("the checkpoint is already quantized: expected a float model",
                    "Give the float model (--pretrained, --weights or a float --checkpoint).");
        }
        DataSource evalSource = CliData.evalSource(data, loaded.defaultData(), loaded.name());
        DataSource calibSource = CliData.calibSource(calibData, evalSource);
        QuantizationSpec qspec = QuantizationSpec.defaults().withParams(sq.withSkipModules(skip)).withTarget(target);
        try (Module fp32 = loaded.module()) {
            return analyse(fp32, loaded.name(), qspec, loaded.input(), loaded.numClasses(), evalSource, calibSource, params);
        }
    }

    private ReportAnalysis onnx(SelectiveQuantizerParams sq, CalibrationParams params) {
        if (source.model != null || source.checkpoint != null || source.weights != null || source.pretrained) {
            throw new Quant4jException("--onnx replaces the model options", "command line", "Give either --onnx FILE or a zoo model.", null);
        }
        if (data == null && calibData == null) {
            throw new Quant4jException("--onnx needs data: expected --data PATH (and optionally --calib-data), found none",
                    "command line", "Give --data: a folder of representative images or a .npy of preprocessed inputs.", null);
        }
        CliPaths.requireFile("--onnx", onnx);
        OnnxInput in = OnnxInput.of(onnx, inputSpec);
        if (in.note() != null) {
            System.out.println("note: " + in.note());
        }
        List<String> nodes = skip.stream().map(GraphModule::moduleNameOf).toList();
        QuantizationSpec qspec = QuantizationSpec.defaults().withParams(sq.withSkipModules(nodes)).withTarget(target);
        DataSource evalSource = DataSource.parse(data != null ? data : calibData);
        DataSource calibSource = calibData != null ? DataSource.parse(calibData) : evalSource;
        try (GraphModule g = OnnxImporter.load(onnx, ImportOptions.FOR_QUANTIZATION).module()) {
            return analyse(g, onnx.getFileName().toString(), qspec, in.spec(), 0, evalSource, calibSource, params);
        }
    }

    private ReportAnalysis analyse(Module fp32, String name, QuantizationSpec qspec, InputSpec input, int classes, DataSource evalSource,
                                   DataSource calibSource, CalibrationParams params) {
        int batch = CalibBatchSize.of(calibBatchSize, input.shape());
        Split calibSplit = CliData.calibSplit(calibSource);
        DataLoader calib = CliData.calibration(calibSource, calibSplit, input, batch, seed, skipBadImages);
        DataLoader eval = CliData.slice(evalSource, Split.TEST, input, classes, Math.min(batch, 256), limit, skipBadImages);
        String describe = String.format(Locale.ROOT, "%,d inputs of %s", eval.numExamples(), evalSource.describe());
        System.out.println("report of " + name + ": calibration on " + calibSource.describe() + (calibSplit == Split.TRAIN
                ? " (training split)" : "") + ", measured on " + describe);
        return ReportAnalysis.run(fp32, name, qspec, QuantizationService.inputShape(input), calib, params, eval, describe, !json,
                System.out);
    }

    /** Writes plots/*.png, report.json, then report.html (each file whole, through a temporary file). */
    private Map<String, String> write(ReportAnalysis a) throws IOException {
        Files.createDirectories(output.resolve("plots"));
        Map<String, byte[]> pngs = new LinkedHashMap<>();
        Map<String, String> files = new LinkedHashMap<>();
        pngs.put("", ReportCharts.sensitivity(a.sensitivity(), a.labelled() ? 100 : 1, a.labelled() ? "points of top-1 accuracy"
                : "dB of output SQNR", a.labelled()));
        int i = 0;
        for (HistogramSnapshot h : a.histograms().values()) {
            pngs.put(h.path(), ReportCharts.histogram(h));
        }
        for (Map.Entry<String, byte[]> e : pngs.entrySet()) {
            String file = e.getKey().isEmpty() ? "plots/sensitivity.png"
                    : String.format(Locale.ROOT, "plots/hist_%03d_%s.png", i++, e.getKey().replaceAll("[^A-Za-z0-9._-]", "_"));
            byte[] bytes = e.getValue();
            AtomicFiles.write(output.resolve(file), out -> out.write(bytes));
            files.put(e.getKey(), file);
        }
        AtomicFiles.writeString(output.resolve("report.json"), Json.pretty(ReportJson.of(a, files)));
        AtomicFiles.writeString(output.resolve("report.html"), ReportHtml.of(a, pngs));
        return files;
    }
}
