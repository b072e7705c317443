package io.quant4j.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.quant4j.nn.Module;
import io.quant4j.train.Sgd;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training step's time goes, by PyTorch operator, from libtorch's own profiler (the one
 * {@code torch.profiler} reads; DJL's {@code JniUtils.startProfile}): the self time of each op
 * (its time minus the ops it called), per step, and what is left of the step outside every op
 * (Java, JNI crossings, handle management, fake quantization in Java, the gaps between ops).
 *
 * <pre>
 *   quant4j-bench/run OpProfileBench resnet_fmnist 128 1x28x28 10          (FP32 step)
 *   BENCH_JAVA_OPTS=-Dprofile.qat=true quant4j-bench/run OpProfileBench resnet_fmnist 128 1x28x28 10
 * </pre>
 *
 * The PyTorch side: {@code quant4j-bench/peer/torch_train_peer.py profile}.
 */
public final class OpProfileBench {
    private OpProfileBench() {}

    /** One op's self time and calls over the profiled steps. */
    private record OpTime(String name, double selfUs, int calls) {}

    public static void main(String[] args) throws IOException {
        StepArgs a = StepArgs.parse(args, 10);
        boolean qat = Boolean.getBoolean("profile.qat");
        try (Module fp32 = StepWorkload.fp32(a)) {
            Module m = qat ? StepWorkload.qat(fp32, a) : fp32;
            m.train();
            Sgd opt = StepWorkload.sgd(m);
            for (int i = 0; i < 5; i++) {
                StepWorkload.step(m, opt, a);
            }
            Path trace = Files.createTempFile("quant4j-op-profile", ".json");
            try {
                double wallMs = 0;
                JniUtils.startProfile(false, false, false);
                for (int i = 0; i < a.steps(); i++) {
                    wallMs += StepWorkload.step(m, opt, a)[3];
                }
                JniUtils.stopProfile(trace.toString());
                print(a, qat, selfTimes(trace), wallMs / a.steps(), a.steps());
            } finally {
                Files.deleteIfExists(trace);
                if (m != fp32) {
                    m.close();
                }
            }
        }
    }

    private static void print(StepArgs a, boolean qat, List<OpTime> ops, double stepMs, int steps) {
        double inOps = ops.stream().mapToDouble(OpTime::selfUs).sum() / 1e3 / steps;
        System.out.printf(Locale.ROOT, "%s %s step under libtorch's profiler: %.1f ms/step, of which %.1f ms in PyTorch ops"
                + " and %.1f ms outside them (Java, JNI, gaps)%n", a.describe(), qat ? "QAT" : "FP32", stepMs, inOps, stepMs - inOps);
        System.out.printf(Locale.ROOT, "%-40s %12s %12s%n", "op (self time)", "ms/step", "calls/step");
        ops.stream().sorted(Comparator.comparingDouble(OpTime::selfUs).reversed()).limit(20).forEach(o -> System.out.printf(
                Locale.ROOT, "%-40s %12.2f %12.1f%n", o.name(), o.selfUs() / 1e3 / steps, (double) o.calls() / steps));
        System.out.println(Timing.peakRss());
    }

    /** One complete event of a chrome trace: thread, start and duration (microseconds), op name. */
    private record Span(String thread, double start, double duration, String name) {
        double end() {
            return start + duration;
        }
    }

    /** Self time by op name of a chrome-trace file: each complete event's duration minus its nested events'. */
    static List<OpTime> selfTimes(Path trace) throws IOException {
        List<Span> spans = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(trace)) {
            JsonElement root = JsonParser.parseReader(r);
            var events = root.isJsonArray() ? root.getAsJsonArray() : root.getAsJsonObject().getAsJsonArray("traceEvents");
            for (JsonElement e : events) {
                JsonObject o = e.getAsJsonObject();
                if (o.has("ph") && o.get("ph").getAsString().equals("X") && o.has("dur")) {
                    spans.add(new Span(o.has("tid") ? o.get("tid").getAsString() : "", o.get("ts").getAsDouble(),
                            o.get("dur").getAsDouble(), o.get("name").getAsString()));
                }
            }
        }
        // by thread, by start, an enclosing event before the events it encloses
        spans.sort(Comparator.comparing(Span::thread).thenComparingDouble(Span::start).thenComparingDouble(sp -> -sp.duration()));
        Map<String, double[]> byName = new HashMap<>();
        Deque<Span> open = new ArrayDeque<>();
        Map<Span, double[]> self = new IdentityHashMap<>();
        for (Span sp : spans) {
            while (!open.isEmpty() && (!open.peek().thread().equals(sp.thread()) || open.peek().end() <= sp.start())) {
                open.pop();
            }
            if (!open.isEmpty()) {
                self.get(open.peek())[0] -= sp.duration();
            }
            self.put(sp, new double[] {sp.duration()});
            open.push(sp);
        }
        self.forEach((sp, t) -> {
            double[] acc = byName.computeIfAbsent(sp.name(), k -> new double[2]);
            acc[0] += t[0];
            acc[1]++;
        });
        List<OpTime> out = new ArrayList<>();
        byName.forEach((n, v) -> out.add(new OpTime(n, v[0], (int) v[1])));
        return out;
    }
}
