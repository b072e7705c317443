package io.quant4j.cli;

import io.quant4j.data.Batch;
import io.quant4j.data.BatchStream;
import io.quant4j.data.DataLoader;
import io.quant4j.data.DataSource;
import io.quant4j.data.InputSpec;
import io.quant4j.errors.Quant4jException;
import io.quant4j.onnx.BenchOptions;
import io.quant4j.onnx.BenchResult;
import io.quant4j.onnx.ImageBatch;
import io.quant4j.onnx.OrtBench;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import io.quant4j.onnx.compare.CompareOptions;
import io.quant4j.onnx.compare.ComparisonResult;
import io.quant4j.onnx.compare.CtcDecoder;
import io.quant4j.onnx.compare.OnnxComparison;
import io.quant4j.onnx.compare.OrtProfile;
import io.quant4j.onnx.compare.OrtProfiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code quant4j compare REF.onnx CAND.onnx --data PATH}: runs both files in ONNX Runtime on the
 * same preprocessed inputs and reports how the candidate's outputs agree with the reference's
 * (SQNR, cosine, max/mean |diff|; top-1 of logits and sequences; mask IoU of probability maps;
 * CTC strings with {@code --ctc-keys}), then the speed of both at each batch size (interleaved,
 * medians, CAND/REF ratios), and with {@code --profile} the kernel time per op type of both side by
 * side. The input spec is the one a file carries (the reference's first), else the
 * {@link InputSpecOptions}, else [0, 1] scaling of the model's input shape (with a note).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Output agreement and speed of two ONNX files (e.g. FP32 and INT8) in ONNX Runtime on the same inputs.")
public final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REF", description = "The reference ONNX file (e.g. FP32).")
    Path reference;

    @Parameters(index = "1", paramLabel = "CAND", description = "The candidate ONNX file (e.g. INT8).")
    Path candidate;

    @Option(names = "--data", required = true, description = "Inputs: a dataset name, an IDX folder, an image folder (labels not"
            + " needed) or a .npy of preprocessed inputs.")
    String data;

    @Option(names = "--limit", defaultValue = "0", converter = OptionValues.NonNegative.class, description = "Compare on the first N inputs only (0 = all).")
    int limit;

    @Option(names = "--batch-size", defaultValue = "8", converter = OptionValues.Positive.class, description = "Inputs per batch of the agreement run (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--skip-bad-images", description = "Skip images that cannot be decoded (their count is printed) instead of failing.")
    boolean skipBadImages;

    @Mixin
    InputSpecOptions inputSpec;

    @Option(names = "--mask-threshold", defaultValue = "0.3", converter = OptionValues.Fraction.class, description = "Threshold of the mask IoU of [N, 1, H, W] outputs (default ${DEFAULT-VALUE}, PaddleOCR's DB).")
    double maskThreshold;

    @Option(names = "--ctc-keys", paramLabel = "FILE", description = "A PaddleOCR character dictionary: compare the greedy CTC strings of [N, T, C] outputs (C = 1 + lines + 1).")
    Path ctcKeys;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "1,32", converter = OptionValues.Positive.class, description = "Batch sizes of the speed run (default ${DEFAULT-VALUE}).")
    int[] batchSizes;

    @Option(names = "--threads", defaultValue = "2", converter = OptionValues.Positive.class, description = "ONNX Runtime intra-op threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--runs", defaultValue = "5", converter = OptionValues.Positive.class, description = "Timed runs; figures are medians over runs (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--iterations", defaultValue = "10", converter = OptionValues.Positive.class, description = "Calls per run and batch size (default ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--warmup", defaultValue = "3", converter = OptionValues.NonNegative.class, description = "Untimed calls per file and batch size first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--no-speed", description = "Skip the speed run.")
    boolean noSpeed;

    @Option(names = "--profile", description = "Profile both files with ONNX Runtime's profiler at the first batch size: kernel time per op type and top nodes.")
    boolean profile;

    @Option(names = "--profile-runs", defaultValue = "3", converter = OptionValues.Positive.class, description = "Profiled runs after one warm-up (default ${DEFAULT-VALUE}).")
    int profileRuns;

    @Option(names = "--profile-dir", paramLabel = "DIR", description = "Keep the traces (Chrome trace JSON) in DIR (default: a temporary folder, deleted).")
    Path profileDir;

    @Option(names = "--json", description = "Print one JSON object as the last line.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        CliPaths.requireFile("REF", reference);
        CliPaths.requireFile("CAND", candidate);
        CliPaths.requireFile("--ctc-keys", ctcKeys);
        CtcDecoder ctc = ctcKeys == null ? null : CtcDecoder.readPaddleOcrKeys(ctcKeys);
        OnnxInput in = input();
        if (in.note() != null) {
            System.out.println("note: " + in.note());
        }
        InputSpec spec = in.spec();
        DataSource src = DataSource.parse(data);
        CompareOptions co = new CompareOptions(maskThreshold, ctc, threads);
        OrtOptions ort = OrtOptions.defaults().withThreads(threads);
        System.out.printf(Locale.ROOT, "reference %s%ncandidate %s%ninput %s (%s)%n", reference, candidate, spec, sourceText(in));
        ComparisonResult r;
        try (OrtRunner ref = OrtRunner.open(reference, ort); OrtRunner cand = OrtRunner.open(candidate, ort)) {
            OnnxComparison.checkInputs(ref, reference.toString(), cand, candidate.toString());
            DataLoader loader = CliData.inputs(src, spec, batchSize, limit, skipBadImages);
            try (BatchStream s = loader.epoch(0)) {
                r = OnnxComparison.compare(ref, reference.toString(), cand, candidate.toString(), batches(s), co);
            }
        }
        System.out.printf(Locale.ROOT, "agreement on %,d inputs of %s:%n", r.samples(), src.describe());
        CompareReport.agreement(r).forEach(System.out::println);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("reference", reference.toString());
        o.put("candidate", candidate.toString());
        o.put("data", src.describe());
        o.put("input_spec", spec.toJson());
        o.put("spec_source", in.source().name().toLowerCase(Locale.ROOT));
        o.put("mask_threshold", maskThreshold);
        o.put("ctc_keys", ctcKeys == null ? null : ctcKeys.toString());
        o.putAll(r.toMap());
        o.put("threads", threads);
        if (!noSpeed) {
            List<BenchResult> b = OrtBench.interleaved(List.of(reference, candidate),
                    new BenchOptions(spec.shape(), batchSizes, warmup, runs, iterations, threads));
            System.out.printf(Locale.ROOT, "speed in ONNX Runtime (%d threads; median of %d runs x %d calls, files interleaved, seeded"
                    + " random inputs):%n", threads, runs, iterations);
            CompareReport.speed(b.get(0), b.get(1)).forEach(System.out::println);
            o.put("runs", runs);
            o.put("iterations", iterations);
            o.put("warmup", warmup);
            o.putAll(CompareReport.speedMap(b.get(0), b.get(1)));
        }
        o.put("profile", profile);
        if (profile) {
            profile(spec, ort, o);
        }
        if (json) {
            System.out.println(Json.result(o));
        }
        return 0;
    }

    /** The spec both files are fed with: one a file carries (refused when both carry different ones), else the options or [0, 1]. */
    private OnnxInput input() {
        OnnxInput ref = OnnxInput.carried(reference);
        OnnxInput cand = OnnxInput.carried(candidate);
        if (ref != null && cand != null && !comparable(ref.spec()).equals(comparable(cand.spec()))) {
            throw new Quant4jException("the two files carry different input specs: " + ref.spec() + " in " + reference + ", "
                    + cand.spec() + " in " + candidate, candidate.toString(),
                    "Compare files of the same model and preprocessing (the comparison feeds both the same inputs).", null);
        }
        if (ref != null) {
            return OnnxInput.of(reference, inputSpec);
        }
        if (cand != null) {
            return OnnxInput.of(candidate, inputSpec);
        }
        return OnnxInput.of(reference, inputSpec);
    }

    private static String comparable(InputSpec s) {
        return new InputSpec(s.shape(), s.resize(), s.crop(), s.mean(), s.std(), List.of(), s.channelOrder()).toJson();
    }

    private String sourceText(OnnxInput in) {
        return switch (in.source()) {
            case FILE -> "carried by the file";
            case ZOO -> "of the zoo model the file names";
            case OPTIONS -> "from the options";
            case RAW -> "the model's input shape, [0, 1] scaling";
        };
    }

    /** Unlabelled batches of a stream, read as the comparison asks for them. */
    private static Iterable<ImageBatch> batches(BatchStream s) {
        return () -> new Iterator<>() {
            private final Iterator<Batch> it = s.iterator();

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public ImageBatch next() {
                Batch b = it.next();
                return ImageBatch.of(b.imageData().clone(), b.shape());
            }
        };
    }

    private void profile(InputSpec spec, OrtOptions ort, Map<String, Object> o) throws IOException {
        int batch = batchSizes[0];
        long[] sample = spec.shape();
        ImageBatch x = ImageBatch.random(0, batch, sample[0], sample[1], sample[2]);
        Path dir = profileDir != null ? profileDir : Files.createTempDirectory("quant4j-profile");
        try {
            OrtProfile pr = OrtProfiler.profile(reference, x, ort, 1, profileRuns, dir, "reference");
            OrtProfile pc = OrtProfiler.profile(candidate, x, ort, 1, profileRuns, dir, "candidate");
            System.out.printf(Locale.ROOT, "profile (batch %d, %d runs after 1 warm-up, kernel time per run%s):%n", batch, profileRuns,
                    profileDir != null ? "; traces " + pr.trace() + ", " + pc.trace() : "");
            CompareReport.profile(pr, pc).forEach(System.out::println);
            o.put("profile_batch", batch);
            o.put("profile_runs", profileRuns);
            o.putAll(CompareReport.profileMap("ref", pr));
            o.putAll(CompareReport.profileMap("cand", pc));
        } finally {
            if (profileDir == null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
