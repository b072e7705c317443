package io.quant4j.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Records the operations of one forward pass, like {@code torch.onnx.export}'s tracer.
 *
 * <pre>{@code
 * try (Tracer tracer = Tracer.start()) {
 *     tracer.nameAll(model.namedTensors());   // parameter and buffer names
 *     Tensor x = tracer.input("input", sample);
 *     Trace trace = tracer.finish(model.forward(x));
 * }
 * }</pre>
 *
 * While a tracer is active on the thread, every {@link Tensor} operation calls
 * {@link #record}. A composite operation (fake quantization, hardswish, ...) is recorded once, as
 * itself, through {@link #composite}: the operations it is computed with are not recorded.
 * A tensor read by an op that is neither an input nor an earlier op's output becomes a constant,
 * captured by value.
 */
public final class Tracer implements AutoCloseable {
    private static final ThreadLocal<Tracer> ACTIVE = new ThreadLocal<>();

    private final Map<Long, String> names = new HashMap<>();
    private final Map<Long, String> preferredNames = new HashMap<>();
    private final List<String> inputs = new ArrayList<>();
    private final List<TracedOp> ops = new ArrayList<>();
    private final Map<String, ConstantValue> constants = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();
    private final Deque<String[]> modules = new ArrayDeque<>();
    private int suppressed;
    private int counter;

    private Tracer() {}

    /** Starts tracing on this thread. Only one tracer may be active per thread. */
    public static Tracer start() {
        if (ACTIVE.get() != null) {
            throw new IllegalStateException("a Tracer is already active on this thread; close it first");
        }
        Tracer t = new Tracer();
        ACTIVE.set(t);
        return t;
    }

    /** The tracer recording on this thread, or null (also null inside a composite op). */
    public static Tracer active() {
        Tracer t = ACTIVE.get();
        return t == null || t.suppressed > 0 ? null : t;
    }

    /** Gives constants read from these tensors a readable name (parameters, buffers). */
    public void nameAll(Map<String, Tensor> named) {
        named.forEach((n, t) -> preferredNames.put(t.id(), n));
    }

    /** Declares a graph input. */
    public Tensor input(String name, Tensor t) {
        names.put(t.id(), name);
        inputs.add(name);
        shapes.put(name, t.shape());
        return t;
    }

    /** The value name of a traced tensor (a graph input or an op's output), or null when it has none yet. */
    public String valueName(Tensor t) {
        return names.get(t.id());
    }

    /** Called by a module's forward when it starts. */
    public void enterModule(String path, String type) {
        modules.push(new String[] {path, type});
    }

    /** Called by a module's forward when it ends. */
    public void exitModule() {
        modules.pop();
    }

    /** Records one operation. Called by {@link Tensor}'s methods. */
    public void record(String type, List<Tensor> in, Tensor out, Map<String, Object> attributes) {
        List<String> inNames = new ArrayList<>(in.size());
        for (Tensor t : in) {
            inNames.add(t == null ? "" : nameOf(t));
        }
        String outName = "v" + (counter++);
        names.put(out.id(), outName);
        shapes.put(outName, out.shape());
        String[] m = modules.peek();
        ops.add(new TracedOp(type, inNames, outName, attributes, m == null ? "" : m[0], m == null ? "" : m[1]));
    }

    /** {@link #composite(String, List, Map, Supplier)} for an op of the vocabulary. */
    public static Tensor composite(OpType type, List<Tensor> in, Map<String, Object> attributes, Supplier<Tensor> body) {
        return composite(type.onnxName(), in, attributes, body);
    }

    /**
     * Runs {@code body} without recording its inner operations, then records its result as one
     * operation of {@code type} (a name of {@link OpType}, or a user's own for an op the exporter
     * is taught separately). Without an active tracer this is just {@code body.get()}.
     */
    public static Tensor composite(String type, List<Tensor> in, Map<String, Object> attributes, Supplier<Tensor> body) {
        Tracer t = active();
        if (t == null) {
            return body.get();
        }
        t.suppressed++;
        Tensor out;
        try {
            out = body.get();
        } finally {
            t.suppressed--;
        }
        if (out.id() == in.get(0).id()) {
            out = out.copyHandle();
        }
        t.record(type, in, out, attributes);
        return out;
    }

    private String nameOf(Tensor t) {
        String n = names.get(t.id());
        if (n != null) {
            return n;
        }
        n = preferredNames.getOrDefault(t.id(), "const" + constants.size());
        while (constants.containsKey(n)) {
            n = n + "_";
        }
        names.put(t.id(), n);
        constants.put(n, ConstantValue.capture(n, t));
        shapes.put(n, t.shape());
        return n;
    }

    /** Ends tracing and returns the graph whose outputs are the given tensors. */
    public Trace finish(Tensor... outputs) {
        List<String> outs = new ArrayList<>();
        for (Tensor o : outputs) {
            String n = names.get(o.id());
            if (n == null) {
                throw new IllegalStateException("an output was not produced by a traced operation");
            }
            outs.add(n);
        }
        close();
        return new Trace(inputs, outs, ops, constants, shapes);
    }

    @Override
    public void close() {
        if (ACTIVE.get() == this) {
            ACTIVE.remove();
        }
    }
}
