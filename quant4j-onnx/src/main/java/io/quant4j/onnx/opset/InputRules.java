package io.quant4j.onnx.opset;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.OptionalInt;

/**
 * Steps where attributes became inputs; the values move into new initializers read by the node
 * (int64 index lists, scalars of the data's element type), inputs that stay absent are left out.
 * <ul>
 *   <li>Slice-10: {@code starts}, {@code ends}, {@code axes} become inputs 2..4 (int64);</li>
 *   <li>TopK-10: {@code k} becomes input 2, a 1-element int64 tensor;</li>
 *   <li>Upsample-9: {@code scales} becomes input 2 (float);</li>
 *   <li>Clip-11: {@code min}, {@code max} become scalar inputs of the input's type, both always
 *       written (an absent one as Clip-6's default, -/+FLT_MAX, since Clip-11 has no default
 *       bound and would let infinities through);</li>
 *   <li>Pad-11: {@code pads} becomes an int64 input, {@code value} a scalar of the data's type
 *       (left out when 0 or the mode is not constant);</li>
 *   <li>Dropout-12: {@code ratio} becomes a float scalar input ({@code training_mode} stays
 *       absent: inference);</li>
 *   <li>Squeeze-13, Unsqueeze-13, ReduceSum-13: {@code axes} becomes an int64 input;
 *       Split-13: {@code split} becomes an int64 input.</li>
 * </ul>
 */
final class InputRules {
    private InputRules() {}

    static List<NodeProto> slice(NodeProto n, StepContext c) {
        long[] starts = Attrs.ints(n, "starts");
        long[] ends = Attrs.ints(n, "ends");
        if (starts == null || ends == null) {
            throw c.refuse(n, "attributes starts and ends", "starts " + (starts != null) + ", ends " + (ends != null),
                    "The node is not a valid Slice-1; fix the model.");
        }
        NodeProto.Builder b = Attrs.without(n.toBuilder(), "starts", "ends", "axes");
        b.addInput(c.int64s(n, "starts", starts)).addInput(c.int64s(n, "ends", ends));
        long[] axes = Attrs.ints(n, "axes");
        if (axes != null) {
            b.addInput(c.int64s(n, "axes", axes));
        }
        return List.of(b.build());
    }

    static List<NodeProto> topK(NodeProto n, StepContext c) {
        if (!Attrs.has(n, "k")) {
            throw c.refuse(n, "attribute k", "none", "The node is not a valid TopK-1; fix the model.");
        }
        NodeProto.Builder b = Attrs.without(n.toBuilder(), "k");
        return List.of(b.addInput(c.int64s(n, "k", Attrs.i(n, "k", 0))).build());
    }

    static List<NodeProto> upsampleScales(NodeProto n, StepContext c) {
        float[] scales = Attrs.floats(n, "scales");
        if (scales == null) {
            throw c.refuse(n, "attribute scales", "none", "The node is not a valid Upsample-7; fix the model.");
        }
        String name = c.add(Tensors.floats(c.fresh(n, "scales"), scales, scales.length));
        return List.of(Attrs.without(n.toBuilder(), "scales").addInput(name).build());
    }

    static List<NodeProto> clip(NodeProto n, StepContext c) {
        int type = scalarType(n, c, "min/max");
        float min = Attrs.f(n, "min", -Float.MAX_VALUE);
        float max = Attrs.f(n, "max", Float.MAX_VALUE);
        NodeProto.Builder b = Attrs.without(n.toBuilder(), "min", "max");
        b.addInput(c.add(Tensors.scalar(c.fresh(n, "min"), type, min)));
        b.addInput(c.add(Tensors.scalar(c.fresh(n, "max"), type, max)));
        return List.of(b.build());
    }

    static List<NodeProto> pad(NodeProto n, StepContext c) {
        long[] pads = Attrs.ints(n, "pads");
        if (pads == null) {
            throw c.refuse(n, "attribute pads", "none", "The node is not a valid Pad-2; fix the model.");
        }
        String mode = Attrs.s(n, "mode", "constant");
        float value = Attrs.f(n, "value", 0f);
        NodeProto.Builder b = Attrs.without(n.toBuilder(), "pads", "value");
        b.addInput(c.int64s(n, "pads", pads));
        if (mode.equals("constant") && value != 0f) {
            int type = scalarType(n, c, "value");
            b.addInput(c.add(Tensors.scalar(c.fresh(n, "value"), type, value)));
        }
        return List.of(b.build());
    }

    static List<NodeProto> dropout(NodeProto n, StepContext c) {
        NodeProto.Builder b = Attrs.without(n.toBuilder(), "ratio");
        if (Attrs.has(n, "ratio")) {
            b.addInput(c.add(Tensors.floats(c.fresh(n, "ratio"), new float[] {Attrs.f(n, "ratio", 0.5f)})));
        }
        return List.of(b.build());
    }

    /** Squeeze, Unsqueeze, ReduceSum at 13: the axes attribute becomes input 2. */
    static List<NodeProto> axes(NodeProto n, StepContext c) {
        long[] axes = Attrs.ints(n, "axes");
        if (axes == null) {
            if (n.getOpType().equals("Unsqueeze")) {
                throw c.refuse(n, "attribute axes", "none", "The node is not a valid Unsqueeze-11; fix the model.");
            }
            return List.of(n);
        }
        return List.of(Attrs.without(n.toBuilder(), "axes").addInput(c.int64s(n, "axes", axes)).build());
    }

    static List<NodeProto> split(NodeProto n, StepContext c) {
        long[] split = Attrs.ints(n, "split");
        if (split == null) {
            return List.of(n);
        }
        return List.of(Attrs.without(n.toBuilder(), "split").addInput(c.int64s(n, "split", split)).build());
    }

    /** The element type of input 0, one that a scalar initializer can hold (float, double, float16). */
    private static int scalarType(NodeProto n, StepContext c, String what) {
        OptionalInt t = c.facts().type(n.getInput(0));
        if (t.isEmpty()) {
            throw c.refuse(n, "the element type of input '" + n.getInput(0) + "' (for the " + what + " input)",
                    "a value whose type cannot be told from the graph",
                    "Add the value's type to the graph's value_info (onnx.shape_inference.infer_shapes does this).");
        }
        if (!Tensors.scalarType(t.getAsInt())) {
            throw c.refuse(n, "input '" + n.getInput(0) + "' of type float, double or float16",
                    "type " + ai.onnx.proto.OnnxMl.TensorProto.DataType.forNumber(t.getAsInt()), "Fix the model.");
        }
        return t.getAsInt();
    }
}
