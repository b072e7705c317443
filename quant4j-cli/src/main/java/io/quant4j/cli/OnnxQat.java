package io.quant4j.cli;

import io.quant4j.data.DataLoader;
import io.quant4j.errors.Quant4jException;
import io.quant4j.io.AtomicFiles;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.nn.graph.GraphNode;
import io.quant4j.onnx.ImageBatch;
import io.quant4j.onnx.NoiseReferencedVerifier;
import io.quant4j.onnx.VerifyOptions;
import io.quant4j.onnx.imports.GraphExport;
import io.quant4j.onnx.imports.GraphExportOptions;
import io.quant4j.onnx.imports.ImportOptions;
import io.quant4j.onnx.imports.ImportedModel;
import io.quant4j.onnx.imports.OnnxImporter;
import io.quant4j.train.CrossEntropyLoss;
import io.quant4j.train.DistillationLoss;
import io.quant4j.train.FeatureMatch;
import io.quant4j.train.Divergence;
import io.quant4j.train.ProgressMode;
import io.quant4j.train.Trainer;
import io.quant4j.train.TrainingLoss;
import io.quant4j.train.TrainingParams;
import io.quant4j.train.TrainingResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code qat --onnx FILE}: label-free quantization-aware training of any imported ONNX model.
 * PTQ exactly as {@code ptq --onnx} does it (import, place for the target, calibrate on
 * {@code --calib-data}), the PTQ file written and verified; then the quantized copy (the student)
 * is fine-tuned with the straight-through estimator to match the frozen imported FP32 graph (the
 * teacher) on the same batches of {@code --data}: {@code L = D(student(x), teacher(x))} with MSE,
 * KL of the softmaxes, or cross-entropy on labels ({@link TrainingLoss}); the QAT file is written
 * and verified the same way; finally both files are measured side by side against the original in
 * ONNX Runtime ({@link OnnxQatReport}).
 *
 * <p>The run folder holds {@code settings.json} (the effective settings), {@code <stem>_ptq.onnx},
 * {@code <stem>_qat.onnx}, the trainer's checkpoints in {@code qat/} and {@code summary.json}
 * (both files' figures). {@code --resume} continues an interrupted run with the same settings.
 *
 * @param settings what to run
 * @param runDir the run folder
 * @param resume continue the run in {@code runDir}
 */
record OnnxQat(OnnxQatSettings settings, Path runDir, boolean resume) {
    /** Runs the flow; returns the figures for {@code --json} (also written to {@code summary.json}). */
    Map<String, Object> run(QuantizationService service, PrintStream out, boolean progress) throws IOException {
        OnnxQatSettings s = settings;
        String settingsJson = Json.pretty(s.toMap());
        ImportedModel imported = OnnxImporter.load(s.onnx(), ImportOptions.FOR_QUANTIZATION);
        GraphModule teacher = imported.module();
        TrainingLoss loss = loss(teacher, out);
        List<String> matched = s.match().stream().map(teacher::edgeOf).toList();
        prepareRunFolder(settingsJson);
        out.printf(Locale.ROOT, "imported %s: %d nodes, opset %d, input %s; run folder %s%n", s.onnx(), teacher.nodes().size(),
                teacher.opset(), s.spec(), runDir);
        long[] shape = QuantizationService.inputShape(s.spec());
        DataLoader calib = CliData.calibration(s.calib(), CliData.calibSplit(s.calib()), s.spec(), s.calibBatchSize(), s.seed(),
                s.skipBadImages());
        QuantizationService.Calibrated c = service.ptq(teacher, s.quantization(), shape, calib, s.calibration(), progress);
        GraphModule student = (GraphModule) c.model();
        if (!matched.isEmpty() && loss instanceof DistillationLoss d) {
            teacher.tap(matched);
            student.tap(matched);
            loss = new DistillationLoss(teacher, d.divergence(), new FeatureMatch(student, matched, s.matchWeight()));
        }
        DataLoader eval = CliData.inputs(s.eval(), s.spec(), s.evalBatchSize(), s.evalLimit(), s.skipBadImages());
        List<ImageBatch> evalBatches = CliData.imageBatches(eval, 0);
        List<ImageBatch> verify = evalBatches.subList(0, Math.min(4, evalBatches.size()));
        String stem = stem(s.onnx());
        Path ptqFile = runDir.resolve(stem + "_ptq.onnx");
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("settings", s.toMap());
        o.put("calib_method", c.summary().method());
        o.put("calib_images", c.summary().images());
        if (resume && Files.isRegularFile(ptqFile)) {
            out.println("resuming: " + ptqFile + " was written before");
        } else {
            o.put("ptq_verification", write(imported, student, ptqFile, "ptq", c.summary().method(), verify, out).summary());
        }
        DataLoader train = CliData.training(s.data(), s.spec(), s.training().batchSize(), s.trainLimit(), s.skipBadImages(),
                s.augmentation());
        TrainingParams params = s.trainingFor(train.numBatches());
        out.printf(Locale.ROOT, "QAT: %s on %,d images of %s, %d epochs x %d steps of batch %d, %s lr %.3g (%s), BN statistics %s%n",
                describe(loss), train.numExamples(), s.data().describe(), params.epochs(),
                params.maxStepsPerEpoch() > 0 ? params.maxStepsPerEpoch() : train.numBatches(), params.batchSize(),
                params.optimizer().id(), params.lr(), params.schedule().id(), params.freezeBatchNorm() ? "frozen" : "updated");
        LossCurve curve = new LossCurve();
        Trainer trainer = new Trainer(params).loss(loss).resume(resume && Files.isDirectory(runDir.resolve("qat")))
                .progress(progress ? ProgressMode.AUTO : ProgressMode.NONE).callback(curve);
        TrainingResult r = trainer.fit(student, train, null, runDir.resolve("qat"));
        if (curve.size() > 0) {
            Path png = runDir.resolve("loss.png");
            curve.write(png, "label-free QAT of " + s.onnx().getFileName() + " (" + describe(loss) + ")");
            o.put("loss_curve", png.toString());
        }
        student.tap(List.of());
        teacher.tap(List.of());
        student.eval();
        Path qatFile = runDir.resolve(stem + "_qat.onnx");
        o.put("qat_verification", write(imported, student, qatFile, "qat", c.summary().method(), verify, out).summary());
        if (s.export() != null) {
            AtomicFiles.write(s.export(), os -> Files.copy(qatFile, os));
            out.println("wrote " + s.export() + " (the QAT file)");
            o.put("export", s.export().toString());
        }
        o.put("qat_epochs", r.epochs());
        o.put("qat_steps", r.history().isEmpty() ? 0 : r.history().get(r.history().size() - 1).globalStep());
        o.put("qat_final_loss", r.history().isEmpty() ? null : r.history().get(r.history().size() - 1).trainLoss());
        o.put("qat_images_per_second", Double.isFinite(r.imagesPerSecond()) ? r.imagesPerSecond() : null);
        o.put("ptq_onnx", ptqFile.toString());
        o.put("qat_onnx", qatFile.toString());
        o.putAll(OnnxQatReport.measure(s.onnx(), ptqFile, qatFile, evalBatches, s.eval().describe(), s.ctc(),
                service.warnings(), out));
        o.put("warnings", service.warnings().toJson());
        RunFolders.write(runDir, "summary.json", Json.pretty(o));
        student.close();
        teacher.close();
        return o;
    }

    /** Refuses a non-empty folder without {@code --resume}, and a resume with other settings; writes the settings. */
    private void prepareRunFolder(String settingsJson) throws IOException {
        Path file = runDir.resolve("settings.json");
        boolean holds = false;
        if (Files.isDirectory(runDir)) {
            try (Stream<Path> files = Files.list(runDir)) {
                holds = files.findAny().isPresent();
            }
        }
        if (!resume && holds) {
            throw new Quant4jException("the run folder is not empty: a new run would overwrite it", runDir.toString(),
                    "Resume it with --resume, or give another --run-dir.", null);
        }
        if (resume && Files.isRegularFile(file) && !Files.readString(file).equals(settingsJson)) {
            throw new Quant4jException("cannot resume with other settings: " + file + " differs from this command line's", runDir.toString(),
                    "Resume with the options of the interrupted run (see its settings.json), or start a new run folder.", null);
        }
        RunFolders.write(runDir, "settings.json", settingsJson);
    }

    /** The loss the settings name, against this teacher. */
    private TrainingLoss loss(GraphModule teacher, PrintStream out) {
        return switch (settings.loss()) {
            case "mse" -> DistillationLoss.mse(teacher);
            case "kl" -> {
                boolean probabilities = endsInSoftmax(teacher);
                if (probabilities) {
                    out.println("note: the model's output is a Softmax: KL compares its probabilities (their logs stand for the logits)");
                }
                yield new DistillationLoss(teacher, new Divergence.KlDivergence(settings.temperature(), probabilities));
            }
            case "cross_entropy" -> new CrossEntropyLoss(0);
            default -> throw new Quant4jException("unknown loss: expected mse, kl or cross_entropy, found " + settings.loss(), "--loss",
                    "Use --loss mse (any output), kl (class scores) or cross_entropy (labelled data).", null);
        };
    }

    /** Whether the graph's first output is produced by a Softmax node. */
    static boolean endsInSoftmax(GraphModule g) {
        String output = g.outputNames().get(0);
        for (GraphNode n : g.nodes()) {
            if (n.outputs().contains(output)) {
                return n.op().equals("Softmax");
            }
        }
        return false;
    }

    private static String describe(TrainingLoss l) {
        if (l instanceof DistillationLoss d) {
            return "distillation from the FP32 graph (" + d.divergence().id()
                    + (d.divergence() instanceof Divergence.KlDivergence k ? ", T " + k.temperature() : "")
                    + (d.features() == null ? "" : ", features of " + d.features().edges() + " x " + d.features().weight()) + ")";
        }
        return "cross-entropy on labels";
    }

    private NoiseReferencedVerifier.Result write(ImportedModel imported, GraphModule q, Path file, String stage, String method,
                                                 List<ImageBatch> verify, PrintStream out) {
        GraphExportOptions opts = GraphExportOptions.of(settings.quantization().target()).withInput(settings.spec())
                .withMetadata(Map.of("quant4j.calibration.method", method, "quant4j.stage", stage));
        NoiseReferencedVerifier.Result v = GraphExport.write(imported, q, file, opts, verify, VerifyOptions.defaults());
        out.println("wrote " + file + ", verified in ONNX Runtime: " + v.summary());
        return v;
    }

    private static String stem(Path onnx) {
        String n = onnx.getFileName().toString();
        return n.endsWith(".onnx") ? n.substring(0, n.length() - 5) : n;
    }
}
