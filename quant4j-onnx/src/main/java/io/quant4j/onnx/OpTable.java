package io.quant4j.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.quant4j.tensor.OpType;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mapping from traced op types to ONNX (opset 17), as data: each entry is a {@link Lowering}.
 * Most ops map one to one with a list of the attributes that carry over; the rest are small
 * functions ({@code Linear -> Gemm transB=1} or {@code MatMul + Add}, {@code Silu -> Sigmoid + Mul},
 * {@code QuantizeDequantize -> QuantizeLinear + DequantizeLinear}, ...).
 *
 * <pre>
 * traced                       ONNX
 * Conv, ConvTranspose          Conv, ConvTranspose (same attributes)
 * BatchNormalization           BatchNormalization (epsilon, momentum; eval)
 * Linear                       Gemm(transB=1) for 2-D input, else Transpose/MatMul + Add
 * Silu                         Sigmoid + Mul
 * HardSwish                    HardSwish
 * Clip(min, max)               Clip(x, min, max) with scalar initializers
 * AdaptiveAvgPool              AveragePool (kernel = stride = in / out; only when divisible)
 * Flatten(startDim)            Flatten(axis=1) or Reshape([0]*startDim + [-1])
 * Reshape, Expand, Slice       with int64 initializers; batch-safe (0 / -1 / INT64_MAX)
 * Flip(axes)                   Slice with step -1
 * Pad(DJL order)               Pad(constant, ONNX begin/end order)
 * Dropout, Identity            Identity (eval; removed by cleanup)
 * QuantizeDequantize           QuantizeLinear -> DequantizeLinear (scale amax/maxBound, zero point 0)
 * QuantizedWeight              int8 initializer -> DequantizeLinear, or float -> Q -> DQ
 * QuantizedBias                int32 initializer -> DequantizeLinear (axis 0)
 * </pre>
 */
final class OpTable {
    /** Emits the ONNX nodes of one IR node. */
    @FunctionalInterface
    interface Lowering {
        void lower(IrNode n, GraphEmitter e);
    }

    private static final Map<String, Lowering> TABLE;

    static {
        Map<String, Lowering> m = new LinkedHashMap<>();
        for (String t : List.of("Add", "Sub", "Mul", "Div", "Max", "Min", "Neg", "Abs", "Round", "Sqrt", "Exp", "Log",
                "Relu", "Sigmoid", "Tanh", "HardSwish", "Where", "Greater", "Less", "GreaterOrEqual", "LessOrEqual",
                "MatMul", "GlobalAveragePool", "Identity")) {
            m.put(t, same(t));
        }
        m.put("Dropout", same("Identity"));
        m.put("Conv", same("Conv", "kernel_shape", "strides", "pads", "dilations", "group"));
        m.put("ConvTranspose", same("ConvTranspose", "kernel_shape", "strides", "pads", "dilations", "group", "output_padding"));
        m.put("BatchNormalization", same("BatchNormalization", "epsilon", "momentum"));
        m.put("MaxPool", same("MaxPool", "kernel_shape", "strides", "pads", "ceil_mode"));
        m.put("AveragePool", same("AveragePool", "kernel_shape", "strides", "pads", "ceil_mode", "count_include_pad"));
        m.put("Concat", same("Concat", "axis"));
        m.put("Softmax", same("Softmax", "axis"));
        m.put("LogSoftmax", same("LogSoftmax", "axis"));
        m.put("Transpose", same("Transpose", "perm"));
        m.put("GatherElements", same("GatherElements", "axis"));
        m.put("ArgMax", same("ArgMax", "axis", "keepdims"));
        m.put("ReduceMean", same("ReduceMean", "axes", "keepdims"));
        m.put("ReduceMax", same("ReduceMax", "axes", "keepdims"));
        m.put("ReduceMin", same("ReduceMin", "axes", "keepdims"));
        m.put("ReduceSum", OpTable::reduceSum);
        m.put("Clip", OpTable::clip);
        m.put("Silu", OpTable::silu);
        m.put("Linear", OpTable::linear);
        m.put("Reshape", ShapeOps::reshape);
        m.put("Flatten", ShapeOps::flatten);
        m.put("Slice", ShapeOps::slice);
        m.put("Flip", ShapeOps::flip);
        m.put("Pad", ShapeOps::pad);
        m.put("Expand", ShapeOps::expand);
        m.put("Cast", OpTable::cast);
        m.put("AdaptiveAvgPool", OpTable::adaptiveAvgPool);
        m.put(OpType.QUANTIZE_DEQUANTIZE.onnxName(), QdqLowering::quantizeDequantize);
        m.put(OpType.QUANTIZED_WEIGHT.onnxName(), QdqLowering::quantizedWeight);
        m.put(OpType.QUANTIZED_BIAS.onnxName(), QdqLowering::quantizedBias);
        m.put(LayoutPass.Q, same(LayoutPass.Q, "axis"));
        m.put(LayoutPass.DQ, same(LayoutPass.DQ, "axis"));
        TABLE = Collections.unmodifiableMap(m);
    }

    private OpTable() {}

    /** The lowering of a traced op type, or null when it has no ONNX mapping. */
    static Lowering get(String type) {
        return TABLE.get(type);
    }

    /** Every traced op type with a mapping. */
    static java.util.Set<String> supported() {
        return TABLE.keySet();
    }

    /** One ONNX node of the given type, the same inputs, and the listed attributes (when present). */
    static Lowering same(String onnxType, String... attrs) {
        return (n, e) -> e.node(n, onnxType, n.inputs, n.output, pick(n.attrs, attrs));
    }

    static Map<String, Object> pick(Map<String, Object> attrs, String... names) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String a : names) {
            Object v = attrs.get(a);
            if (v != null) {
                out.put(a, v);
            }
        }
        return out;
    }

    private static void reduceSum(IrNode n, GraphEmitter e) {
        Map<String, Object> attrs = pick(n.attrs, "keepdims");
        if (n.attrs.get("axes") instanceof long[] axes) {
            e.node(n, "ReduceSum", List.of(n.inputs.get(0), e.int64s(n.modulePath + ".axes", axes)), n.output, attrs);
        } else {
            e.node(n, "ReduceSum", List.of(n.inputs.get(0)), n.output, attrs);
        }
    }

    private static void clip(IrNode n, GraphEmitter e) {
        float lo = ((Number) n.attrs.get("min")).floatValue();
        float hi = ((Number) n.attrs.get("max")).floatValue();
        String p = n.modulePath.isEmpty() ? "clip" : n.modulePath;
        e.node(n, "Clip", List.of(n.inputs.get(0), e.floatScalar(p + ".min", lo), e.floatScalar(p + ".max", hi)),
                n.output, Map.of());
    }

    private static void silu(IrNode n, GraphEmitter e) {
        String x = n.inputs.get(0);
        String s = e.node(n, "Sigmoid", List.of(x), null, Map.of());
        e.node(n, "Mul", List.of(x, s), n.output, Map.of());
    }

    /** {@code y = x W^T + b}: Gemm for a 2-D x, else MatMul with {@code W^T} (+ Add). */
    private static void linear(IrNode n, GraphEmitter e) {
        String x = n.inputs.get(0);
        String w = n.inputs.get(1);
        boolean bias = n.inputs.size() > 2 && !n.inputs.get(2).isEmpty();
        if (e.shape(x).length == 2) {
            List<String> in = bias ? List.of(x, w, n.inputs.get(2)) : List.of(x, w);
            e.node(n, "Gemm", in, n.output, Map.of("transB", 1L));
            return;
        }
        long[] ws = e.shape(w);
        float[] wf = e.floatConstant(w);
        String wt;
        if (wf != null) {
            float[] t = new float[wf.length];
            int rows = (int) ws[0];
            int cols = (int) ws[1];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    t[c * rows + r] = wf[r * cols + c];
                }
            }
            wt = e.constant(w + "_transposed", IrTensor.ofFloats(new long[] {cols, rows}, t));
        } else {
            wt = e.node(n, "Transpose", List.of(w), null, Map.of("perm", new long[] {1, 0}));
        }
        if (bias) {
            String mm = e.node(n, "MatMul", List.of(x, wt), null, Map.of());
            e.node(n, "Add", List.of(mm, n.inputs.get(2)), n.output, Map.of());
        } else {
            e.node(n, "MatMul", List.of(x, wt), n.output, Map.of());
        }
    }

    private static final Map<String, DataType> CAST_TYPES = Map.of(
            "FLOAT32", DataType.FLOAT, "FLOAT64", DataType.DOUBLE, "FLOAT16", DataType.FLOAT16,
            "INT64", DataType.INT64, "INT32", DataType.INT32, "INT8", DataType.INT8, "UINT8", DataType.UINT8,
            "BOOLEAN", DataType.BOOL);

    private static void cast(IrNode n, GraphEmitter e) {
        Object to = n.attrs.get("to");
        DataType t = CAST_TYPES.get(String.valueOf(to));
        if (t == null) {
            throw new UnsupportedOpException(n.modulePath, "Cast", "no ONNX element type for '" + to + "'",
                    "Cast to one of " + CAST_TYPES.keySet() + ".");
        }
        e.node(n, "Cast", n.inputs, n.output, Map.of("to", (long) t.getNumber()));
    }

    /** Adaptive average pooling to {@code oh x ow} is AveragePool when the input divides evenly. */
    private static void adaptiveAvgPool(IrNode n, GraphEmitter e) {
        long[] in = e.shape(n.inputs.get(0));
        long[] out = (long[]) n.attrs.get("output_size");
        long h = in[in.length - 2];
        long w = in[in.length - 1];
        if (h % out[0] != 0 || w % out[1] != 0) {
            throw new UnsupportedOpException(n.modulePath, "AdaptiveAvgPool", "input " + h + "x" + w
                    + " does not divide into " + Arrays.toString(out) + " equal windows, which ONNX AveragePool needs",
                    "Use an input size divisible by the output size, or output size 1 (GlobalAveragePool).");
        }
        long[] k = {h / out[0], w / out[1]};
        e.node(n, "AveragePool", n.inputs, n.output, Map.of("kernel_shape", k, "strides", k.clone()));
    }
}
