package io.quant4j.onnx.opset;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Forward propagation of element type and rank through one node, for {@link ValueFacts}: ops
 * whose output has their first input's type and rank (elementwise, normalizations, pooling,
 * convolution, resize, pad, slice, transpose...), broadcasting ops (the largest input rank),
 * comparisons (BOOL), and a few with their own rule (Cast, Shape, Flatten, Gemm, MatMul,
 * Reshape, Squeeze, Unsqueeze, reductions, Gather, Constant). Any other op's outputs stay unknown.
 */
final class FactRules {
    private FactRules() {}

    private static final Set<String> SAME = Set.of("Abs", "Acos", "Acosh", "Asin", "Asinh", "Atan", "Atanh",
            "BatchNormalization", "Ceil", "Celu", "Clip", "Cos", "Cosh", "CumSum", "DepthToSpace", "Dropout", "Elu",
            "Erf", "Exp", "Floor", "HardSigmoid", "HardSwish", "Hardmax", "Identity", "InstanceNormalization", "LRN",
            "LayerNormalization", "LeakyRelu", "Log", "LogSoftmax", "LpNormalization", "MeanVarianceNormalization",
            "Neg", "Reciprocal", "Relu", "Round", "Selu", "Shrink", "Sigmoid", "Sign", "Sin", "Sinh", "Softmax",
            "Softplus", "Softsign", "SpaceToDepth", "Sqrt", "Tan", "Tanh", "ThresholdedRelu", "Trilu", "Conv",
            "ConvTranspose", "MaxPool", "AveragePool", "LpPool", "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool",
            "Resize", "Upsample", "Pad", "Slice", "Transpose", "Tile", "ReverseSequence", "Scatter", "ScatterElements",
            "ScatterND", "TopK", "Split");
    private static final Set<String> BROADCAST = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Mod", "Max", "Min", "Sum",
            "Mean", "PRelu", "BitShift");
    private static final Set<String> COMPARE = Set.of("Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual",
            "And", "Or", "Xor");
    private static final Set<String> BOOL_SAME = Set.of("Not", "IsNaN", "IsInf");
    private static final Set<String> REDUCE = Set.of("ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp",
            "ReduceMax", "ReduceMean", "ReduceMin", "ReduceProd", "ReduceSum", "ReduceSumSquare");

    static void propagate(NodeProto n, ValueFacts f) {
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx") || n.getOutputCount() == 0) {
            return;
        }
        String op = n.getOpType();
        String out = n.getOutput(0);
        OptionalInt t0 = n.getInputCount() > 0 ? f.type(n.getInput(0)) : OptionalInt.empty();
        OptionalInt r0 = n.getInputCount() > 0 ? f.rank(n.getInput(0)) : OptionalInt.empty();
        if (SAME.contains(op)) {
            int outs = op.equals("Split") ? n.getOutputCount() : 1;
            for (int k = 0; k < outs; k++) {
                String o = n.getOutput(k);
                t0.ifPresent(t -> f.type(o, t));
                r0.ifPresent(r -> f.rank(o, r));
            }
            if (op.equals("TopK") && n.getOutputCount() > 1) {
                f.type(n.getOutput(1), DataType.INT64_VALUE);
                r0.ifPresent(r -> f.rank(n.getOutput(1), r));
            }
            if (op.equals("Transpose") && Attrs.has(n, "perm")) {
                f.rank(out, Attrs.ints(n, "perm").length);
            }
            return;
        }
        if (BROADCAST.contains(op) || COMPARE.contains(op) || op.equals("Where")) {
            int from = op.equals("Where") ? 1 : 0;
            if (n.getInputCount() > from) {
                f.type(n.getInput(from)).ifPresent(t -> f.type(out, COMPARE.contains(op) ? DataType.BOOL_VALUE : t));
            }
            int rank = 0;
            for (String in : n.getInputList()) {
                OptionalInt r = f.rank(in);
                if (r.isEmpty()) {
                    return;
                }
                rank = Math.max(rank, r.getAsInt());
            }
            f.rank(out, rank);
            return;
        }
        switch (op) {
            case "Constant" -> {
                TensorProto t = ValueFacts.constantOf(n);
                if (t != null) {
                    f.constant(out, t);
                }
            }
            case "Cast" -> {
                Attrs.get(n, "to").ifPresent(a -> f.type(out,
                        a.getType() == ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.STRING
                                ? ValueFacts.typeNamed(a.getS().toStringUtf8()) : (int) a.getI()));
                r0.ifPresent(r -> f.rank(out, r));
            }
            case "Shape" -> {
                f.type(out, DataType.INT64_VALUE);
                f.rank(out, 1);
            }
            case "Size" -> {
                f.type(out, DataType.INT64_VALUE);
                f.rank(out, 0);
            }
            case "ArgMax", "ArgMin" -> {
                f.type(out, DataType.INT64_VALUE);
                r0.ifPresent(r -> f.rank(out, Attrs.i(n, "keepdims", 1) != 0 ? r : r - 1));
            }
            case "Flatten", "Gemm" -> {
                t0.ifPresent(t -> f.type(out, t));
                f.rank(out, 2);
            }
            case "MatMul" -> {
                t0.ifPresent(t -> f.type(out, t));
                OptionalInt r1 = n.getInputCount() > 1 ? f.rank(n.getInput(1)) : OptionalInt.empty();
                if (r0.isPresent() && r1.isPresent()) {
                    int a = r0.getAsInt();
                    int b = r1.getAsInt();
                    f.rank(out, a == 1 && b == 1 ? 0 : a == 1 ? b - 1 : b == 1 ? a - 1 : Math.max(a, b));
                }
            }
            case "Reshape", "Expand" -> {
                t0.ifPresent(t -> f.type(out, t));
                long[] shape = n.getInputCount() > 1 ? f.constantLongs(n.getInput(1)) : Attrs.ints(n, "shape");
                if (shape != null) {
                    f.rank(out, op.equals("Expand") && r0.isPresent() ? Math.max(r0.getAsInt(), shape.length) : shape.length);
                }
            }
            case "Squeeze", "Unsqueeze" -> {
                t0.ifPresent(t -> f.type(out, t));
                long[] axes = axes(n, f);
                if (axes != null && r0.isPresent()) {
                    f.rank(out, r0.getAsInt() + (op.equals("Squeeze") ? -axes.length : axes.length));
                }
            }
            case "Concat" -> {
                t0.ifPresent(t -> f.type(out, t));
                for (String in : n.getInputList()) {
                    f.rank(in).ifPresent(r -> f.rank(out, r));
                }
            }
            case "Gather" -> {
                t0.ifPresent(t -> f.type(out, t));
                OptionalInt q = n.getInputCount() > 1 ? f.rank(n.getInput(1)) : OptionalInt.empty();
                if (r0.isPresent() && q.isPresent()) {
                    f.rank(out, r0.getAsInt() + q.getAsInt() - 1);
                }
            }
            case "GatherElements" -> {
                t0.ifPresent(t -> f.type(out, t));
                if (n.getInputCount() > 1) {
                    f.rank(n.getInput(1)).ifPresent(r -> f.rank(out, r));
                }
            }
            case "QuantizeLinear" -> {
                f.type(out, n.getInputCount() > 2 && !n.getInput(2).isEmpty()
                        ? f.type(n.getInput(2)).orElse(0) : DataType.UINT8_VALUE);
                r0.ifPresent(r -> f.rank(out, r));
            }
            case "DequantizeLinear" -> {
                f.type(out, DataType.FLOAT_VALUE);
                r0.ifPresent(r -> f.rank(out, r));
            }
            default -> {
                if (BOOL_SAME.contains(op)) {
                    f.type(out, DataType.BOOL_VALUE);
                    r0.ifPresent(r -> f.rank(out, r));
                } else if (REDUCE.contains(op)) {
                    t0.ifPresent(t -> f.type(out, t));
                    if (r0.isPresent()) {
                        long[] axes = axes(n, f);
                        if (Attrs.i(n, "keepdims", 1) != 0) {
                            f.rank(out, r0.getAsInt());
                        } else if (axes != null) {
                            f.rank(out, r0.getAsInt() - axes.length);
                        } else if (n.getInputCount() < 2) {
                            f.rank(out, 0);
                        }
                    }
                }
            }
        }
    }

    /** The axes of a node: its attribute, or its constant second input. */
    private static long[] axes(NodeProto n, ValueFacts f) {
        long[] a = Attrs.ints(n, "axes");
        if (a == null && n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
            a = f.constantLongs(n.getInput(1));
        }
        return a;
    }
}
