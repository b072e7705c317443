package io.quant4j.quantization.target;

import io.quant4j.nn.ForwardTrace;
import io.quant4j.nn.Module;
import io.quant4j.tensor.OpType;
import io.quant4j.tensor.Trace;
import io.quant4j.tensor.TracedOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dataflow of one forward pass of a model, for placement decisions: the traced ops (eval mode,
 * no gradients) with the module each ran in, who produces and who reads each value, and every
 * module call with the values it took and returned.
 *
 * <p>Values are the tracer's names ({@code input}, {@code v12}, parameter names for constants).
 * A module that returns its input (Identity, skip placeholders) returns the same value.
 */
final class Dataflow {
    final List<TracedOp> ops;
    final String input;
    final Set<String> outputs;
    final Map<String, long[]> shapes;
    final Set<String> constants;
    final Map<String, Module> modules;
    final Map<Module, List<ForwardTrace.Call>> calls = new IdentityHashMap<>();
    /** Ops whose output is on the quantization grid of their input (they commute with it): the target's. */
    private final Set<OpType> preserving;
    private final Map<String, Integer> producer = new HashMap<>();
    private final Map<String, List<Integer>> consumers = new HashMap<>();

    private Dataflow(Trace t, Map<String, Module> modules, List<ForwardTrace.Call> callList, Set<OpType> preserving) {
        this.preserving = preserving;
        this.ops = t.ops();
        this.input = t.inputs().get(0);
        this.outputs = Set.copyOf(t.outputs());
        this.shapes = t.shapes();
        this.constants = t.constants().keySet();
        this.modules = modules;
        for (int i = 0; i < ops.size(); i++) {
            producer.put(ops.get(i).output(), i);
            for (String in : ops.get(i).inputs()) {
                List<Integer> c = consumers.computeIfAbsent(in, k -> new ArrayList<>());
                if (!c.contains(i)) {
                    c.add(i);
                }
            }
        }
        callList.forEach(c -> calls.computeIfAbsent(c.module(), k -> new ArrayList<>()).add(c));
    }

    /**
     * Traces one forward of {@code model} on seeded standard-normal input of {@code sampleShape}
     * ({@link ForwardTrace}: eval mode, no gradients, flags restored).
     *
     * @param preserving the ops that carry a quantized value through unchanged
     */
    static Dataflow trace(Module model, long[] sampleShape, Set<OpType> preserving) {
        ForwardTrace ft = ForwardTrace.of(model, "input", sampleShape);
        return new Dataflow(ft.trace(), model.namedModules(), ft.calls(), preserving);
    }

    /** The op producing a value, or null for the graph input and constants. */
    TracedOp producer(String value) {
        Integer i = producer.get(value);
        return i == null ? null : ops.get(i);
    }

    /** Index of the op producing a value, or -1. */
    int producerIndex(String value) {
        return producer.getOrDefault(value, -1);
    }

    /** Indices of the ops reading a value, in execution order. */
    List<Integer> consumers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    /** The module an op ran in (the innermost one). */
    Module moduleOf(TracedOp op) {
        return modules.get(op.modulePath());
    }

    /** How many times a module's forward ran. */
    int callCount(Module m) {
        List<ForwardTrace.Call> c = calls.get(m);
        return c == null ? 0 : c.size();
    }

    /** The single call of a module, or null when it ran zero or several times. */
    ForwardTrace.Call onlyCall(Module m) {
        List<ForwardTrace.Call> c = calls.get(m);
        return c != null && c.size() == 1 ? c.get(0) : null;
    }

    /** Whether a value is never negative by construction (ReLU, clips at 0, pools and reshapes of such values). */
    boolean nonNegative(String value) {
        TracedOp p = producer(value);
        if (p == null) {
            return false;
        }
        OpType t = p.kind().orElse(null);
        if (t == null) {
            return false;
        }
        return switch (t) {
            case RELU, SIGMOID -> true;
            case CLIP -> p.number("min", -1) >= 0;
            case MAX_POOL, AVERAGE_POOL, GLOBAL_AVERAGE_POOL, ADAPTIVE_AVG_POOL, FLATTEN, RESHAPE, IDENTITY ->
                    nonNegative(p.inputs().get(0));
            case ADD, MUL, MAX, CONCAT -> p.inputs().stream().allMatch(v -> !constants.contains(v) && nonNegative(v));
            default -> false;
        };
    }

    /** Whether an op carries its input's quantization through unchanged. */
    boolean preserves(TracedOp op) {
        return op.kind().map(preserving::contains).orElse(false);
    }

    /** The value a chain of quantization-preserving ops starts from. */
    String root(String value) {
        TracedOp p = producer(value);
        while (p != null && preserves(p) && p.inputs().size() >= 1) {
            value = p.inputs().get(0);
            p = producer(value);
        }
        return value;
    }

    /** The ops reading {@code value} directly or through quantization-preserving ops (those are not listed). */
    List<Integer> consumersThroughPreserving(String value) {
        List<Integer> out = new ArrayList<>();
        for (int i : consumers(value)) {
            TracedOp c = ops.get(i);
            if (preserves(c) && !outputs.contains(c.output())) {
                out.addAll(consumersThroughPreserving(c.output()));
            } else {
                out.add(i);
            }
        }
        return out;
    }
}
