package io.quant4j.onnx.opset;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.OptionalInt;

/**
 * Softmax-13, LogSoftmax-13 and Hardmax-13: before opset 13 these ops coerced their input to 2-D,
 * {@code [d0 * ... * d(axis-1), d(axis) * ... * d(r-1)]} (axis defaulting to 1), and normalized
 * each row; from 13 on they normalize along the one axis given (default -1). Both agree when the
 * axis is the last one.
 *
 * <ul>
 *   <li>axis -1, or {@code r - 1} for an input (or output: the same shape) of known rank
 *       {@code r}: the node is kept with its axis written explicitly;</li>
 *   <li>otherwise (another axis, or an unknown rank): {@code Flatten(x, axis)} makes the 2-D
 *       matrix, the node normalizes it along axis 1, and {@code Reshape(y2d, Shape(x))} gives
 *       back x's shape under the node's original output name.</li>
 * </ul>
 * Example: Softmax-11 with axis 1 over {@code [2, 3, 4]} normalizes 2 rows of 12; the rewrite
 * flattens to {@code [2, 12]}, normalizes rows, and reshapes to {@code [2, 3, 4]}.
 */
final class SoftmaxRule {
    private SoftmaxRule() {}

    static List<NodeProto> apply(NodeProto n, StepContext c) {
        long axis = Attrs.i(n, "axis", 1);
        String x = n.getInput(0);
        OptionalInt rank = c.facts().rank(x);
        if (rank.isEmpty()) {
            rank = c.facts().rank(n.getOutput(0));
        }
        boolean last = axis == -1 || rank.isPresent() && axis == rank.getAsInt() - 1;
        if (last) {
            return List.of(Attrs.with(n.toBuilder(), Attrs.of("axis", axis)).build());
        }
        String shape = c.fresh(n, "shape");
        String flat = c.fresh(n, "flat");
        String y2d = c.fresh(n, "2d");
        String out = n.getOutput(0);
        NodeProto shapeNode = NodeProto.newBuilder().setName(c.fresh(n, "Shape")).setOpType("Shape")
                .addInput(x).addOutput(shape).build();
        NodeProto flatten = NodeProto.newBuilder().setName(c.fresh(n, "Flatten")).setOpType("Flatten")
                .addInput(x).addOutput(flat).addAttribute(Attrs.of("axis", axis)).build();
        NodeProto rows = Attrs.with(n.toBuilder().setInput(0, flat).setOutput(0, y2d), Attrs.of("axis", 1)).build();
        NodeProto reshape = NodeProto.newBuilder().setName(c.fresh(n, "Reshape")).setOpType("Reshape")
                .addInput(y2d).addInput(shape).addOutput(out).build();
        return List.of(shapeNode, flatten, rows, reshape);
    }
}
