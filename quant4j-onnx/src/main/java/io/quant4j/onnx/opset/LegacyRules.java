package io.quant4j.onnx.opset;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.LongStream;

/**
 * Steps of the early opsets (and two output changes) that remove or retype attributes.
 * <ul>
 *   <li>6: the legacy {@code consumed_inputs} attribute is dropped (it never changed results);
 *       Cast-6's {@code to} is an int ({@code "FLOAT"} becomes 1);</li>
 *   <li>7: Add, Sub, Mul, Div, Pow, And, Or, Xor, Equal, Greater, Less lose {@code broadcast}
 *       and {@code axis} for numpy broadcasting: B broadcast from {@code axis} of A is unsqueezed
 *       with trailing 1-dims so that numpy aligns it the same (ranks must be known); Gemm loses
 *       {@code broadcast} (C broadcasts unidirectionally); BatchNormalization and Dropout lose
 *       {@code is_test} (0, training mode, is refused); GRU, LSTM, RNN lose
 *       {@code output_sequence} (Y is produced when asked); PRelu's slope broadcasts the numpy
 *       way, so a 1-D per-channel slope ({@code [C]}, applied on axis 1 before) gets trailing
 *       1-dims ({@code [C, 1, 1]} for NCHW);</li>
 *   <li>2: Pad's {@code paddings} is renamed {@code pads}; Split-1's optional {@code split} input
 *       becomes the attribute (when constant); LpPool's and GlobalLpPool's {@code p} becomes an
 *       int (when integral). 4: Concat's {@code axis} is required (the old default, 1, is
 *       written). 5: Reshape's {@code shape} attribute becomes an int64 input;</li>
 *   <li>9: BatchNormalization loses {@code spatial} (only 1, per-channel statistics, is kept);</li>
 *   <li>10: Dropout's mask becomes BOOL: an unread mask output is dropped, a read one refused;</li>
 *   <li>11: Scatter is deprecated for ScatterElements, the same op (negative indices allowed);</li>
 *   <li>14: BatchNormalization's optional outputs become the training-mode running statistics:
 *       unread ones are dropped, read ones refused.</li>
 * </ul>
 */
final class LegacyRules {
    private LegacyRules() {}

    static List<NodeProto> consumedInputs(NodeProto n, StepContext c) {
        return List.of(Attrs.without(n.toBuilder(), "consumed_inputs").build());
    }

    static List<NodeProto> cast6(NodeProto n, StepContext c) {
        AttributeProto to = Attrs.get(n, "to").orElseThrow(() -> c.refuse(n, "attribute to", "none", "Fix the model."));
        if (to.getType() != AttributeType.STRING) {
            return List.of(n);
        }
        int type = ValueFacts.typeNamed(to.getS().toStringUtf8());
        if (type == 0) {
            throw c.refuse(n, "a TensorProto.DataType name in 'to'", "'" + to.getS().toStringUtf8() + "'", "Fix the model.");
        }
        return List.of(Attrs.with(n.toBuilder(), Attrs.of("to", type)).build());
    }

    static List<NodeProto> broadcast7(NodeProto n, StepContext c) {
        NodeProto.Builder b = Attrs.without(n.toBuilder(), "broadcast", "axis");
        if (Attrs.i(n, "broadcast", 0) == 0 || !Attrs.has(n, "axis")) {
            return List.of(b.build());
        }
        OptionalInt ra = c.facts().rank(n.getInput(0));
        OptionalInt rb = c.facts().rank(n.getInput(1));
        if (ra.isEmpty() || rb.isEmpty()) {
            throw c.refuse(n, "known ranks of A and B (to place B's broadcast axis)", "ranks " + ra + ", " + rb,
                    "Add the inputs' shapes to value_info (onnx.shape_inference.infer_shapes).");
        }
        long axis = Attrs.i(n, "axis", 0);
        long start = axis < 0 ? axis + ra.getAsInt() : axis;
        long trailing = ra.getAsInt() - start - rb.getAsInt();
        if (trailing < 0) {
            throw c.refuse(n, "B of rank " + rb.getAsInt() + " fitting in A of rank " + ra.getAsInt() + " from axis " + axis,
                    "it does not", "Fix the model.");
        }
        if (trailing == 0) {
            return List.of(b.build());
        }
        long[] axes = LongStream.range(rb.getAsInt(), rb.getAsInt() + trailing).toArray();
        String unsqueezed = c.fresh(n, "b_unsqueezed");
        NodeProto unsqueeze = NodeProto.newBuilder().setName(c.fresh(n, "Unsqueeze")).setOpType("Unsqueeze")
                .addInput(n.getInput(1)).addOutput(unsqueezed).addAttribute(Attrs.ofInts("axes", axes)).build();
        return List.of(unsqueeze, b.setInput(1, unsqueezed).build());
    }

    static List<NodeProto> prelu7(NodeProto n, StepContext c) {
        OptionalInt rs = c.facts().rank(n.getInput(1));
        double[] slope = c.facts().constantValues(n.getInput(1));
        boolean perChannel = rs.isPresent() && rs.getAsInt() == 1 && (slope == null || slope.length > 1);
        if (!perChannel) {
            return List.of(n);
        }
        OptionalInt rx = c.facts().rank(n.getInput(0));
        if (rx.isEmpty()) {
            throw c.refuse(n, "the rank of X (a 1-D slope is per channel, axis 1, before opset 7)", "an unknown rank",
                    "Add X's shape to value_info (onnx.shape_inference.infer_shapes).");
        }
        if (rx.getAsInt() <= 2) {
            return List.of(n);
        }
        long[] axes = LongStream.range(1, rx.getAsInt() - 1).toArray();
        String perAxis = c.fresh(n, "slope_per_channel");
        NodeProto unsqueeze = NodeProto.newBuilder().setName(c.fresh(n, "Unsqueeze")).setOpType("Unsqueeze")
                .addInput(n.getInput(1)).addOutput(perAxis).addAttribute(Attrs.ofInts("axes", axes)).build();
        return List.of(unsqueeze, n.toBuilder().setInput(1, perAxis).build());
    }

    /** Removes an attribute; {@code is_test = 0} (training mode) is refused. */
    static List<NodeProto> isTest(NodeProto n, StepContext c) {
        if (Attrs.has(n, "is_test") && Attrs.i(n, "is_test", 0) == 0) {
            throw c.refuse(n, "is_test = 1 (inference)", "is_test = 0 (training mode)", "Export the model in inference mode.");
        }
        return List.of(Attrs.without(n.toBuilder(), "is_test").build());
    }

    static List<NodeProto> spatial9(NodeProto n, StepContext c) {
        if (Attrs.i(n, "spatial", 1) != 1) {
            throw c.refuse(n, "spatial = 1 (statistics per channel)", "spatial = " + Attrs.i(n, "spatial", 1),
                    "Re-export with per-channel batch normalization.");
        }
        return List.of(Attrs.without(n.toBuilder(), "spatial").build());
    }

    static List<NodeProto> without(NodeProto n, String attribute) {
        return List.of(Attrs.without(n.toBuilder(), attribute).build());
    }

    static List<NodeProto> concat4(NodeProto n, StepContext c) {
        return Attrs.has(n, "axis") ? List.of(n) : List.of(n.toBuilder().addAttribute(Attrs.of("axis", 1)).build());
    }

    static List<NodeProto> reshape5(NodeProto n, StepContext c) {
        long[] shape = Attrs.ints(n, "shape");
        if (shape == null) {
            throw c.refuse(n, "attribute shape", "none", "The node is not a valid Reshape-1; fix the model.");
        }
        NodeProto.Builder b = Attrs.without(n.toBuilder(), "shape", "consumed_inputs");
        return List.of(b.addInput(c.int64s(n, "shape", shape)).build());
    }

    static List<NodeProto> pad2(NodeProto n, StepContext c) {
        long[] paddings = Attrs.ints(n, "paddings");
        if (paddings == null) {
            return List.of(n);
        }
        return List.of(Attrs.without(n.toBuilder(), "paddings").addAttribute(Attrs.ofInts("pads", paddings)).build());
    }

    static List<NodeProto> split2(NodeProto n, StepContext c) {
        if (n.getInputCount() < 2 || n.getInput(1).isEmpty()) {
            return List.of(n);
        }
        long[] split = c.facts().constantLongs(n.getInput(1));
        if (split == null) {
            throw c.refuse(n, "a constant split input (Split-2 takes it as an attribute)", "input '" + n.getInput(1) + "' computed in the graph",
                    "Re-export the model at opset 2 or newer.");
        }
        NodeProto.Builder b = n.toBuilder().clearInput().addInput(n.getInput(0));
        return List.of(Attrs.with(b, Attrs.ofInts("split", split)).build());
    }

    static List<NodeProto> lpPoolP2(NodeProto n, StepContext c) {
        if (!Attrs.has(n, "p")) {
            return List.of(n);
        }
        float p = Attrs.f(n, "p", 2f);
        if (p != Math.rint(p)) {
            throw c.refuse(n, "an integral p (an int from version 2 on)", "p = " + p, "Use an integral p.");
        }
        return List.of(Attrs.with(n.toBuilder(), Attrs.of("p", (long) p)).build());
    }

    static List<NodeProto> dropoutMask10(NodeProto n, StepContext c) {
        return trimOutputs(n, c, 1, "the mask output (its type becomes BOOL at opset 10)");
    }

    static List<NodeProto> batchNormOutputs14(NodeProto n, StepContext c) {
        return trimOutputs(n, c, 1, "the training outputs (mean, var, saved_mean, saved_var become running_mean, running_var at 14)");
    }

    static List<NodeProto> scatterElements(NodeProto n, StepContext c) {
        return List.of(n.toBuilder().setOpType("ScatterElements").build());
    }

    /** Keeps the first {@code keep} outputs; refuses when a later one is read. */
    private static List<NodeProto> trimOutputs(NodeProto n, StepContext c, int keep, String what) {
        for (int k = keep; k < n.getOutputCount(); k++) {
            if (c.used(n.getOutput(k))) {
                throw c.refuse(n, "no reader of " + what, "output '" + n.getOutput(k) + "' read by the graph",
                        "Export the model for inference (only the first output).");
            }
        }
        if (n.getOutputCount() <= keep) {
            return List.of(n);
        }
        NodeProto.Builder b = n.toBuilder().clearOutput();
        for (int k = 0; k < keep; k++) {
            b.addOutput(n.getOutput(k));
        }
        return List.of(b.build());
    }
}
