package io.quant4j.quantization.selective;

import io.quant4j.nn.Module;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.tensor.Trace;
import io.quant4j.tensor.TracedOp;
import io.quant4j.tensor.Tracer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
    /** One call of a module's forward: the value it read and the value it returned. */
    record Call(Module module, String path, String input, String output) {}

    /** Op types whose output is on the quantization grid of their input (they commute with it). */
    static final Set<String> PRESERVING = Set.of("MaxPool", "Flatten", "Reshape", "Identity");

    final List<TracedOp> ops;
    final String input;
    final Set<String> outputs;
    final Map<String, long[]> shapes;
    final Set<String> constants;
    final Map<String, Module> modules;
    final Map<Module, List<Call>> calls = new IdentityHashMap<>();
    private final Map<String, Integer> producer = new HashMap<>();
    private final Map<String, List<Integer>> consumers = new HashMap<>();

    private Dataflow(Trace t, Map<String, Module> modules, List<Call> callList) {
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
     * (eval mode, no gradients, in a scope); the modules' train/eval flags are restored.
     */
    static Dataflow trace(Module model, long[] sampleShape) {
        Map<Module, Boolean> modes = new LinkedHashMap<>();
        model.namedModules().values().forEach(m -> modes.put(m, m.isTraining()));
        long n = 1;
        for (long d : sampleShape) {
            n *= d;
        }
        float[] data = new float[(int) n];
        Random rnd = new Random(0);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        List<Call> callList = new ArrayList<>();
        try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            model.eval();
            Tensor x = Tensor.fromFloats(data, sampleShape);
            try (Tracer tracer = Tracer.start()) {
                tracer.nameAll(model.stateTensors());
                tracer.input("input", x);
                Trace trace;
                try (AutoCloseable l = Module.listen((path, m, in, out) -> {
                    String i = tracer.valueName(in);
                    String o = tracer.valueName(out);
                    callList.add(new Call(m, path, i, o));
                })) {
                    trace = tracer.finish(model.forward(x));
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return new Dataflow(trace, model.namedModules(), callList);
            }
        } finally {
            modes.forEach((m, on) -> m.train(on));
        }
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
        List<Call> c = calls.get(m);
        return c == null ? 0 : c.size();
    }

    /** The single call of a module, or null when it ran zero or several times. */
    Call onlyCall(Module m) {
        List<Call> c = calls.get(m);
        return c != null && c.size() == 1 ? c.get(0) : null;
    }

    /** Whether a value is never negative by construction (ReLU, clips at 0, pools and reshapes of such values). */
    boolean nonNegative(String value) {
        TracedOp p = producer(value);
        if (p == null) {
            return false;
        }
        return switch (p.type()) {
            case "Relu", "Sigmoid" -> true;
            case "Clip" -> p.number("min", -1) >= 0;
            case "MaxPool", "AveragePool", "GlobalAveragePool", "AdaptiveAvgPool", "Flatten", "Reshape", "Identity" ->
                    nonNegative(p.inputs().get(0));
            case "Add", "Mul", "Max", "Concat" -> p.inputs().stream().allMatch(v -> !constants.contains(v) && nonNegative(v));
            default -> false;
        };
    }

    /** The value a chain of quantization-preserving ops ({@link #PRESERVING}) starts from. */
    String root(String value) {
        TracedOp p = producer(value);
        while (p != null && PRESERVING.contains(p.type()) && p.inputs().size() >= 1) {
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
            if (PRESERVING.contains(c.type()) && !outputs.contains(c.output())) {
                out.addAll(consumersThroughPreserving(c.output()));
            } else {
                out.add(i);
            }
        }
        return out;
    }
}
