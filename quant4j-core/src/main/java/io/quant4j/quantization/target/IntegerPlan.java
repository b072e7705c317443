package io.quant4j.quantization.target;

import io.quant4j.nn.AdaptiveAvgPool2d;
import io.quant4j.nn.AvgPool2d;
import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.ForwardTrace;
import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.nn.ReLU6;
import io.quant4j.nn.ReLU;
import io.quant4j.nn.SkipPlaceholder;
import io.quant4j.quantization.layers.Activation;
import io.quant4j.tensor.OpType;
import io.quant4j.tensor.TracedOp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where the quantizers of a model go for ONNX Runtime's integer kernels, decided from its
 * {@link Dataflow} (see {@link IntegerPlacement} for the rules). Pure decisions, keyed by module
 * path and traced value; {@link IntegerPlacement} applies them.
 */
final class IntegerPlan {
    /** How a consumer gets the quantized version of the tensor it reads. */
    enum Input {
        /** This consumer owns the tensor's quantizer. */
        OWN,
        /** Another consumer owns it; this one applies the same quantization ({@code TiedQuantizer}). */
        SHARED,
        /** The producer already quantized the tensor: nothing to do here. */
        UPSTREAM
    }

    /** The kind of consumer slot. */
    enum SlotKind { CONV, LINEAR, POOL, PLACEHOLDER }

    /**
     * One integer convolution.
     *
     * @param path the conv's path
     * @param bnPath the BatchNorm folded into it, or null
     * @param activation activation fused into it
     * @param activationPath the activation module that becomes Identity (fused), or null
     * @param outputValue the traced value its {@code _output_quantizer} quantizes, or null for none
     * @param outputUnsigned whether that quantizer is unsigned
     */
    record Conv(String path, String bnPath, Activation activation, String activationPath, String outputValue,
                boolean outputUnsigned) {}

    /**
     * One consumer of a quantized tensor.
     *
     * @param path the consuming module's path
     * @param kind what it is
     * @param value the tensor (the root of a chain of quantization-preserving ops)
     * @param input how it gets the quantization
     * @param unsigned whether the tensor is non-negative (quantizer created when OWN)
     */
    record Slot(String path, SlotKind kind, String value, Input input, boolean unsigned) {}

    final List<Conv> convs = new ArrayList<>();
    final List<String> linears = new ArrayList<>();
    final List<Slot> slots = new ArrayList<>();
    final List<String> leftFloat = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    int integerAdds;

    private final Dataflow df;
    private final Predicate<String> skipped;
    private final Map<String, Conv> convByPath = new LinkedHashMap<>();
    private final Map<String, String> linearInput = new LinkedHashMap<>();
    private final Map<String, String> poolInput = new LinkedHashMap<>();
    /** Skip placeholders entering an Add: the Add op index, the placeholder's path and the value it passes. */
    private final List<Reader> placeholders = new ArrayList<>();

    /** A reader of a quantized tensor: the op (index) reading it, the module quantizing it, the value read. */
    private record Reader(int op, String path, SlotKind kind, String input) {}

    private IntegerPlan(Dataflow df, Predicate<String> skipped) {
        this.df = df;
        this.skipped = skipped;
    }

    static IntegerPlan of(Dataflow df, Predicate<String> skipped) {
        IntegerPlan p = new IntegerPlan(df, skipped);
        p.findCandidates();
        p.decideConvOutputs();
        p.assignSlots();
        p.countAdds();
        return p;
    }

    // ------------------------------------------------------------------ candidates

    private void findCandidates() {
        for (TracedOp op : df.ops) {
            Module m = df.moduleOf(op);
            String path = op.modulePath();
            if (m == null || path.isEmpty()) {
                continue;
            }
            boolean single = df.callCount(m) == 1;
            if (op.is(OpType.CONV) && m.getClass() == Conv2d.class) {
                if (skipped.test(path)) {
                    continue;
                }
                if (!single) {
                    leftFloat(path, "its forward runs " + df.callCount(m) + " times");
                } else {
                    conv(op, path);
                }
            } else if (op.is(OpType.LINEAR) && m.getClass() == Linear.class && !skipped.test(path)) {
                if (single && df.shapes.get(op.inputs().get(0)).length == 2) {
                    linearInput.put(path, op.inputs().get(0));
                } else {
                    leftFloat(path, single ? "its input is not 2-D" : "its forward runs " + df.callCount(m) + " times");
                }
            } else if ((op.is(OpType.GLOBAL_AVERAGE_POOL) && m.getClass() == AdaptiveAvgPool2d.class
                    || op.is(OpType.AVERAGE_POOL) && m.getClass() == AvgPool2d.class) && single && !skipped.test(path)) {
                poolInput.put(path, op.inputs().get(0));
            }
        }
        for (Map.Entry<String, Module> e : df.modules.entrySet()) {
            ForwardTrace.Call c = e.getValue() instanceof SkipPlaceholder ? df.onlyCall(e.getValue()) : null;
            if (c == null || skipped.test(e.getKey()) || c.input() == null) {
                continue;
            }
            String parent = e.getKey().contains(".") ? e.getKey().substring(0, e.getKey().lastIndexOf('.')) : "";
            for (int i : df.consumers(c.input())) {
                TracedOp add = df.ops.get(i);
                if (add.is(OpType.ADD) && add.modulePath().equals(parent)) {
                    placeholders.add(new Reader(i, e.getKey(), SlotKind.PLACEHOLDER, c.input()));
                    break;
                }
            }
        }
    }

    /** BN folding and activation of one conv (output decided later). */
    private void conv(TracedOp op, String path) {
        String e = op.output();
        String bn = null;
        TracedOp b = single(e);
        if (b != null && b.is(OpType.BATCH_NORMALIZATION) && df.moduleOf(b) != null
                && df.moduleOf(b).getClass() == BatchNorm2d.class && df.callCount(df.moduleOf(b)) == 1
                && !skipped.test(b.modulePath())) {
            bn = b.modulePath();
            e = b.output();
        }
        Activation act = Activation.NONE;
        String actPath = null;
        String out = e;
        TracedOp a = single(e);
        Activation seen = a == null ? Activation.NONE : activationOf(a);
        if (seen != Activation.NONE) {
            Module am = df.moduleOf(a);
            boolean own = am != null && df.callCount(am) == 1 && !skipped.test(a.modulePath())
                    && (seen == Activation.RELU && am.getClass() == ReLU.class || seen == Activation.RELU6 && am.getClass() == ReLU6.class);
            if (own) {
                act = seen;
                actPath = a.modulePath();
                out = a.output();
            }
        }
        if (df.outputs.contains(out)) {
            leftFloat(path, "its output is the model's output");
            return;
        }
        convByPath.put(path, new Conv(path, bn, act, actPath, out, act.nonNegative()));
    }

    private static Activation activationOf(TracedOp a) {
        if (a.is(OpType.RELU)) {
            return Activation.RELU;
        }
        if (a.is(OpType.CLIP) && a.number("min", -1) == 0 && a.number("max", -1) == 6) {
            return Activation.RELU6;
        }
        return Activation.NONE;
    }

    /** The only op reading a value that is not a graph output, or null. */
    private TracedOp single(String value) {
        List<Integer> c = df.consumers(value);
        return c.size() == 1 && !df.outputs.contains(value) ? df.ops.get(c.get(0)) : null;
    }

    // ------------------------------------------------------------------ outputs of convs

    /**
     * A conv whose activation could not be fused (a ReLU module shared with other call sites) is
     * quantized after that activation by the consumers when they all quantize their input; else
     * before it (signed; ONNX Runtime then keeps the activation in float).
     */
    private void decideConvOutputs() {
        for (Conv c : new ArrayList<>(convByPath.values())) {
            Conv d = c;
            if (c.activationPath() == null) {
                TracedOp a = single(c.outputValue());
                if (a != null && activationOf(a) != Activation.NONE && allSlots(a.output())) {
                    d = new Conv(c.path(), c.bnPath(), Activation.NONE, null, null, false);
                } else {
                    d = new Conv(c.path(), c.bnPath(), Activation.NONE, null, c.outputValue(), df.nonNegative(c.outputValue()));
                }
            }
            convByPath.put(c.path(), d);
        }
        convs.addAll(convByPath.values());
        linears.addAll(linearInput.keySet());
    }

    /** Whether every reader of a value (through quantization-preserving ops) quantizes its input. */
    private boolean allSlots(String value) {
        List<Integer> readers = df.consumersThroughPreserving(value);
        if (readers.isEmpty() || df.outputs.contains(value)) {
            return false;
        }
        for (int i : readers) {
            int op = i;
            if (slotKind(df.ops.get(i)) == null && placeholders.stream().noneMatch(r -> r.op() == op)) {
                return false;
            }
        }
        return true;
    }

    private SlotKind slotKind(TracedOp op) {
        String p = op.modulePath();
        if (op.is(OpType.CONV) && convByPath.containsKey(p)) {
            return SlotKind.CONV;
        }
        if (op.is(OpType.LINEAR) && linearInput.containsKey(p)) {
            return SlotKind.LINEAR;
        }
        if (poolInput.containsKey(p) && (op.is(OpType.GLOBAL_AVERAGE_POOL) || op.is(OpType.AVERAGE_POOL))) {
            return SlotKind.POOL;
        }
        return null;
    }

    // ------------------------------------------------------------------ slots

    private void assignSlots() {
        Set<String> producerOwned = producerQuantized();
        Map<String, String> owner = new HashMap<>();
        List<Reader> readers = new ArrayList<>(placeholders);
        for (int i = 0; i < df.ops.size(); i++) {
            TracedOp op = df.ops.get(i);
            SlotKind k = slotKind(op);
            if (k != null) {
                readers.add(new Reader(i, op.modulePath(), k, op.inputs().get(0)));
            }
        }
        readers.sort(Comparator.comparingInt(Reader::op));
        for (Reader r : readers) {
            String value = df.root(r.input());
            Input in;
            if (producerOwned.contains(value)) {
                in = Input.UPSTREAM;
            } else if (owner.containsKey(value) && r.kind() != SlotKind.POOL) {
                in = Input.SHARED;
            } else {
                if (owner.containsKey(value)) {
                    warnings.add(r.path() + " quantizes its input with its own quantizer: a pooling layer cannot share the one of "
                            + owner.get(value) + ", so ONNX Runtime keeps the op producing it in float");
                }
                owner.putIfAbsent(value, r.path());
                in = Input.OWN;
            }
            slots.add(new Slot(r.path(), r.kind(), value, in, df.nonNegative(value)));
        }
    }

    /** Values quantized by their producer (conv output quantizers). */
    private Set<String> producerQuantized() {
        Set<String> out = new HashSet<>();
        convs.forEach(c -> {
            if (c.outputValue() != null) {
                out.add(c.outputValue());
            }
        });
        return out;
    }

    /** Adds whose inputs are both quantized and whose output is quantized by all its readers. */
    private void countAdds() {
        Set<String> quantized = producerQuantized();
        for (int i = 0; i < df.ops.size(); i++) {
            TracedOp op = df.ops.get(i);
            if (!op.is(OpType.ADD) || skipped.test(op.modulePath())) {
                continue;
            }
            int idx = i;
            boolean inputs = op.inputs().stream().allMatch(v -> quantized.contains(df.root(v))
                    || placeholders.stream().anyMatch(r -> r.op() == idx && r.input().equals(v)));
            TracedOp relu = single(op.output());
            String out = relu != null && relu.is(OpType.RELU) ? relu.output() : op.output();
            if (inputs && allSlots(out)) {
                integerAdds++;
            }
        }
    }

    private void leftFloat(String path, String why) {
        leftFloat.add(path);
        warnings.add(path + " stays float: " + why);
    }
}
