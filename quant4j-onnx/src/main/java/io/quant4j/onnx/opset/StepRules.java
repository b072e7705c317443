package io.quant4j.onnx.opset;

import java.util.HashMap;
import java.util.Map;

/**
 * The rule of every step (op, version) through opset {@value OpVersions#MAX_OPSET}, checked
 * against the ONNX Changelog. Steps with no entry (Tile-6, whose inputs changed meaning; Scan-9,
 * which dropped the batch axis) are refused by {@link GraphUpgrade}.
 *
 * <p>Kept ({@link StepRule#KEEP}): steps that only add element types, allow negative axes or
 * indices, add optional inputs, outputs or attributes whose default is the old behaviour, or
 * relax shape rules (broadcasting where equal shapes were required): a node valid at the old
 * version computes the same at the new one.
 */
final class StepRules {
    private StepRules() {}

    private static final Map<String, StepRule> RULES = build();

    /** The rule of an op's step to the version introduced at {@code opset}, or null. */
    static StepRule rule(String op, int opset) {
        return RULES.get(op + "-" + opset);
    }

    private static Map<String, StepRule> build() {
        Map<String, StepRule> m = new HashMap<>();
        // opset 2
        m.put("Pad-2", LegacyRules::pad2);
        m.put("Split-2", LegacyRules::split2);
        m.put("LpPool-2", LegacyRules::lpPoolP2);
        m.put("GlobalLpPool-2", LegacyRules::lpPoolP2);
        // opset 3: GRU gains linear_before_reset (default 0, the old formula)
        m.put("GRU-3", StepRule.KEEP);
        // opset 4, 5
        m.put("Concat-4", LegacyRules::concat4);
        m.put("Reshape-5", LegacyRules::reshape5);
        // opset 6: consumed_inputs removed; more types for some
        for (String op : new String[] {"Abs", "Add", "BatchNormalization", "Ceil", "Clip", "Div", "Dropout", "Elu", "Exp",
                "Floor", "HardSigmoid", "InstanceNormalization", "LeakyRelu", "Log", "Max", "Mean", "Min", "Mul", "Neg",
                "PRelu", "Reciprocal", "Relu", "Selu", "Sigmoid", "Sqrt", "Sub", "Sum", "Tanh"}) {
            m.put(op + "-6", LegacyRules::consumedInputs);
        }
        m.put("Cast-6", LegacyRules::cast6);
        m.put("Gemm-6", StepRule.KEEP);
        // opset 7: numpy broadcasting; is_test and output_sequence removed
        for (String op : new String[] {"Add", "Sub", "Mul", "Div", "Pow", "And", "Or", "Xor", "Equal", "Greater", "Less"}) {
            m.put(op + "-7", LegacyRules::broadcast7);
        }
        m.put("Gemm-7", (n, c) -> LegacyRules.without(n, "broadcast"));
        m.put("BatchNormalization-7", LegacyRules::isTest);
        m.put("Dropout-7", LegacyRules::isTest);
        for (String op : new String[] {"GRU", "LSTM", "RNN"}) {
            m.put(op + "-7", (n, c) -> LegacyRules.without(n, "output_sequence"));
        }
        m.put("Upsample-7", ResizeRules::upsample7);
        m.put("PRelu-7", LegacyRules::prelu7);
        keep(m, 7, "AveragePool"); // count_include_pad (default 0, the old rule)
        // opset 8: Max/Min/Mean/Sum broadcast; MaxPool gains storage_order and an Indices output
        keep(m, 8, "Max", "Min", "Mean", "Sum", "MaxPool");
        // opset 9: types (Cast from/to string, Flatten, Constant, ...)
        keep(m, 9, "Cast", "Constant", "Flatten", "Gemm", "Greater", "Less", "MatMul", "PRelu");
        m.put("BatchNormalization-9", LegacyRules::spatial9);
        m.put("Upsample-9", InputRules::upsampleScales);
        // opset 10
        m.put("Slice-10", InputRules::slice);
        m.put("TopK-10", InputRules::topK);
        m.put("Upsample-10", ResizeRules::upsampleToResize);
        m.put("Dropout-10", LegacyRules::dropoutMask10);
        keep(m, 10, "AveragePool", "MaxPool"); // ceil_mode, dilations (defaults: the old behaviour)
        // opset 11: negative axes, optional inputs, modes with old defaults
        keep(m, 11, "ArgMax", "ArgMin", "AveragePool", "Compress", "Concat", "Constant", "Conv", "ConvTranspose",
                "DepthToSpace", "Equal", "Flatten", "Gather", "Gemm", "Hardmax", "If", "LogSoftmax", "Loop", "LpPool",
                "MaxPool", "MaxUnpool", "NonMaxSuppression", "OneHot", "ReduceL1", "ReduceL2", "ReduceLogSum",
                "ReduceLogSumExp", "ReduceMax", "ReduceMean", "ReduceMin", "ReduceProd", "ReduceSum", "ReduceSumSquare",
                "Scan", "Slice", "Softmax", "Split", "Squeeze", "TopK", "Unsqueeze");
        m.put("Clip-11", InputRules::clip);
        m.put("Pad-11", InputRules::pad);
        m.put("Resize-11", ResizeRules::resize11);
        m.put("Scatter-11", LegacyRules::scatterElements);
        // opset 12: types, select_last_index (default 0), batch_dims (default 0)
        keep(m, 12, "ArgMax", "ArgMin", "Clip", "Constant", "GatherND", "Max", "Min", "MaxPool", "Pow", "ReduceMax", "ReduceMin");
        m.put("Dropout-12", InputRules::dropout);
        // opset 13: bfloat16 everywhere; axes/split become inputs; Softmax family loses 2-D coercion
        keep(m, 13, "Abs", "Add", "ArgMax", "ArgMin", "Cast", "Ceil", "Clip", "Concat", "Constant", "DepthToSpace",
                "DequantizeLinear", "Div", "Dropout", "Equal", "Erf", "Exp", "Expand", "Flatten", "Floor", "Gather",
                "GatherElements", "GatherND", "Gemm", "Greater", "Identity", "If", "IsNaN", "LRN", "Less", "Log", "Loop",
                "MatMul", "Max", "Mean", "MeanVarianceNormalization", "Min", "Mod", "Mul", "Neg",
                "NegativeLogLikelihoodLoss", "NonZero", "Pad", "Pow", "QuantizeLinear", "Reciprocal", "ReduceL1",
                "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceMax", "ReduceMean", "ReduceMin", "ReduceProd",
                "ReduceSumSquare", "Relu", "Reshape", "Resize", "ScatterElements", "ScatterND", "Shape", "Sigmoid", "Sign",
                "Size", "Slice", "SoftmaxCrossEntropyLoss", "SpaceToDepth", "Sqrt", "Sub", "Sum", "Tanh", "Tile",
                "Transpose");
        for (String op : new String[] {"Squeeze", "Unsqueeze", "ReduceSum"}) {
            m.put(op + "-13", InputRules::axes);
        }
        m.put("Split-13", InputRules::split);
        for (String op : new String[] {"Softmax", "LogSoftmax", "Hardmax"}) {
            m.put(op + "-13", SoftmaxRule::apply);
        }
        // opset 14: types; layout (default 0) for RNNs; Reshape allowzero (default 0)
        keep(m, 14, "Add", "CumSum", "Div", "GRU", "Identity", "LSTM", "Mul", "RNN", "Relu", "Reshape", "Sub");
        m.put("BatchNormalization-14", LegacyRules::batchNormOutputs14);
        // opset 15: types; Shape gains start/end (defaults: the whole shape)
        keep(m, 15, "BatchNormalization", "Pow", "Shape");
        // opset 16: types; Scatter* reduction (default none)
        keep(m, 16, "GreaterOrEqual", "Identity", "If", "LeakyRelu", "LessOrEqual", "Loop", "PRelu", "Scan",
                "ScatterElements", "ScatterND", "Where");
        m.put("RoiAlign-16", ResizeRules::roiAlign16);
        return Map.copyOf(m);
    }

    private static void keep(Map<String, StepRule> m, int opset, String... ops) {
        for (String op : ops) {
            if (m.put(op + "-" + opset, StepRule.KEEP) != null) {
                throw new IllegalStateException("two rules for " + op + "-" + opset);
            }
        }
    }
}
