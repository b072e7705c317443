package io.quant4j.onnx.compare;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where ONNX Runtime spends its time, read from its profiler's trace (Chrome trace JSON, written
 * with {@code SessionOptions.enableProfiling}): the kernel time of every node ({@code cat: "Node"},
 * {@code name: "<node>_kernel_time"}, {@code args.op_name}) inside the {@code model_run} events
 * that follow the first {@code skipRuns} (warm-up) runs, summed per op type and per node and
 * divided by the runs kept:
 * <pre>
 *   ms(op)    = sum over kept runs and nodes of type op of dur / 1000 / runs
 *   share(op) = ms(op) / sum over op types of ms
 * </pre>
 * The op types are those of the optimized graph that ran, so a Q/DQ model shows which integer
 * kernels ONNX Runtime formed ({@code QLinearConv}, {@code MatMulInteger}, ...) and which
 * {@code QuantizeLinear}/{@code DequantizeLinear} nodes stayed. Kernel time excludes the
 * executor's own overhead, so the total is a little under the wall time of a run.
 *
 * @param trace the trace file
 * @param runs runs summarized
 * @param wallMsPerRun mean duration of the kept {@code model_run} events (ms)
 * @param ops op types, most time first
 * @param nodes nodes, most time first
 */
public record OrtProfile(Path trace, int runs, double wallMsPerRun, List<OpTime> ops, List<NodeTime> nodes) {
    /**
     * One op type.
     *
     * @param opType the kernel's op type ({@code Conv}, {@code QLinearConv}, {@code FusedConv}, ...)
     * @param nodes nodes of this type that ran
     * @param msPerRun kernel time per run (ms)
     * @param share fraction of all kernel time
     */
    public record OpTime(String opType, int nodes, double msPerRun, double share) {}

    /**
     * One node.
     *
     * @param node the node name (of the optimized graph)
     * @param opType its op type
     * @param msPerRun kernel time per run (ms)
     * @param share fraction of all kernel time
     */
    public record NodeTime(String node, String opType, double msPerRun, double share) {}

    private static final String KERNEL = "_kernel_time";

    public OrtProfile {
        if (runs < 1 || ops == null || nodes == null) {
            throw new IllegalArgumentException("expected at least one run and op and node lists, found " + runs);
        }
        ops = List.copyOf(ops);
        nodes = List.copyOf(nodes);
    }

    /** Total kernel time per run (ms). */
    public double totalMs() {
        return ops.stream().mapToDouble(OpTime::msPerRun).sum();
    }

    /** The figures of an op type, or null when none ran. */
    public OpTime op(String opType) {
        return ops.stream().filter(o -> o.opType().equals(opType)).findFirst().orElse(null);
    }

    /**
     * Reads a trace, leaving out the first {@code skipRuns} runs.
     *
     * @throws OrtProfileException when the file is unreadable, not a trace, or has too few runs
     */
    public static OrtProfile read(Path trace, int skipRuns) {
        JsonArray events;
        try {
            JsonElement root = JsonParser.parseString(Files.readString(trace, StandardCharsets.UTF_8));
            events = root.isJsonArray() ? root.getAsJsonArray()
                    : root.isJsonObject() && root.getAsJsonObject().has("traceEvents") ? root.getAsJsonObject().getAsJsonArray("traceEvents")
                    : null;
        } catch (IOException | JsonParseException | IllegalStateException e) {
            throw new OrtProfileException("cannot read the trace (" + e.getMessage() + ")", trace.toString(), e);
        }
        if (events == null) {
            throw new OrtProfileException("expected a JSON array of trace events, found another JSON value", trace.toString(), null);
        }
        List<long[]> windows = new ArrayList<>();
        for (JsonElement e : events) {
            JsonObject o = e.getAsJsonObject();
            if ("Session".equals(str(o, "cat")) && "model_run".equals(str(o, "name"))) {
                windows.add(new long[] {o.get("ts").getAsLong(), o.get("ts").getAsLong() + o.get("dur").getAsLong()});
            }
        }
        windows.sort(Comparator.comparingLong(w -> w[0]));
        if (windows.size() <= skipRuns) {
            throw new OrtProfileException("expected more than " + skipRuns + " model_run events, found " + windows.size(),
                    trace.toString(), null);
        }
        List<long[]> kept = windows.subList(skipRuns, windows.size());
        int runs = kept.size();
        Map<String, double[]> byNode = new LinkedHashMap<>();
        Map<String, String> opOf = new LinkedHashMap<>();
        for (JsonElement e : events) {
            JsonObject o = e.getAsJsonObject();
            String name = str(o, "name");
            if (!"Node".equals(str(o, "cat")) || name == null || !name.endsWith(KERNEL) || !o.has("ts") || !o.has("dur")) {
                continue;
            }
            long ts = o.get("ts").getAsLong();
            if (kept.stream().noneMatch(w -> ts >= w[0] && ts <= w[1])) {
                continue;
            }
            String node = name.substring(0, name.length() - KERNEL.length());
            JsonObject args = o.has("args") && o.get("args").isJsonObject() ? o.getAsJsonObject("args") : new JsonObject();
            String op = str(args, "op_name");
            opOf.putIfAbsent(node, op == null ? "?" : op);
            byNode.computeIfAbsent(node, k -> new double[1])[0] += o.get("dur").getAsDouble() / 1000.0;
        }
        double total = byNode.values().stream().mapToDouble(v -> v[0]).sum() / runs;
        Map<String, double[]> byOp = new LinkedHashMap<>();
        List<NodeTime> nodes = new ArrayList<>();
        for (var e : byNode.entrySet()) {
            double ms = e.getValue()[0] / runs;
            String op = opOf.get(e.getKey());
            double[] acc = byOp.computeIfAbsent(op, k -> new double[2]);
            acc[0] += ms;
            acc[1]++;
            nodes.add(new NodeTime(e.getKey(), op, ms, total > 0 ? ms / total : 0));
        }
        List<OpTime> ops = new ArrayList<>();
        byOp.forEach((op, acc) -> ops.add(new OpTime(op, (int) acc[1], acc[0], total > 0 ? acc[0] / total : 0)));
        ops.sort(Comparator.comparingDouble(OpTime::msPerRun).reversed().thenComparing(OpTime::opType));
        nodes.sort(Comparator.comparingDouble(NodeTime::msPerRun).reversed().thenComparing(NodeTime::node));
        double wall = kept.stream().mapToDouble(w -> (w[1] - w[0]) / 1000.0).sum() / runs;
        return new OrtProfile(trace, runs, wall, ops, nodes);
    }

    private static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || !e.isJsonPrimitive() ? null : e.getAsString();
    }
}
