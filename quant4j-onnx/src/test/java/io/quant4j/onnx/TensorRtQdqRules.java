package io.quant4j.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * TensorRT's rules for explicitly quantized ONNX files (INT8 Q/DQ), checked on a graph. Where each
 * rule is stated:
 *
 * <ul>
 *   <li>{@code IQuantizeLayer} / {@code IDequantizeLayer} in NvInfer.h (NVIDIA/TensorRT, tags
 *       v8.6.1 and v10.x): the zero point is INT8 and only zeros ("only symmetric quantization is
 *       supported"), of the scale's size; every scale coefficient is positive; the scale is a
 *       scalar (per tensor) or 1-D of the size of the quantization axis; per-channel quantization
 *       is supported for weights only; in 8.6 the scale must be a build-time constant.</li>
 *   <li>onnx-tensorrt's importer (branch 8.6-GA, and main at 10.1): no UINT8 data input nor UINT8
 *       QuantizeLinear zero point; constant scales must all be positive; the zero point must be all
 *       zeros; 8.6 requires the zero-point input for INT8; the scale count equals the size of the
 *       axis. Its operator table: TensorRT 8.6 reads opsets up to 17; ONNX has {@code axis} on Q/DQ
 *       from opset 13.</li>
 *   <li>Placement, as pytorch-quantization (the tutorial's library) makes it: its QuantConv and
 *       QuantLinear quantize both their input and their weight, so every Conv, ConvTranspose and
 *       Gemm reads a Q/DQ'd input and Q/DQ'd (or pre-quantized INT8 + DQ) weights; each Q feeds
 *       DQs of its own scale. Per-channel weights go along output channels for Conv (0) and Gemm
 *       (0 with {@code transB=1}), and along axis 0 for ConvTranspose: TensorRT's deconvolution
 *       kernels are per input channel (NVIDIA/TensorRT#2380: "We don't support per-output-channel
 *       quant for ConvTranspose"; pytorch-quantization since TensorRT OSS 22.05 and Model Optimizer
 *       use axis 0).</li>
 * </ul>
 *
 * Each violation names the node, what TensorRT expects and what the file holds.
 */
final class TensorRtQdqRules {
    static final String Q = "QuantizeLinear";
    static final String DQ = "DequantizeLinear";
    private static final Set<String> WEIGHTED = Set.of("Conv", "ConvTranspose", "Gemm");

    /** What was checked, and what broke a rule. */
    record Report(int quantizeLinear, int dequantizeLinear, int weightedOps, int perChannel, List<String> violations) {}

    private final ModelProto model;
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final Map<String, NodeProto> producer = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final List<String> violations = new ArrayList<>();

    private TensorRtQdqRules(ModelProto model) {
        this.model = model;
        model.getGraph().getInitializerList().forEach(t -> constants.put(t.getName(), t));
        for (NodeProto n : model.getGraph().getNodeList()) {
            n.getOutputList().forEach(o -> producer.put(o, n));
            n.getInputList().forEach(i -> consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n));
            if (n.getOpType().equals("Constant")) {
                n.getAttributeList().stream().filter(a -> a.getName().equals("value"))
                        .forEach(a -> constants.put(n.getOutput(0), a.getT()));
            }
        }
    }

    /** Checks every rule on {@code model}. */
    static Report check(ModelProto model) {
        return new TensorRtQdqRules(model).run();
    }

    private Report run() {
        int q = 0;
        int dq = 0;
        int weighted = 0;
        int perChannel = 0;
        for (NodeProto n : model.getGraph().getNodeList()) {
            switch (n.getOpType()) {
                case Q, DQ -> {
                    q += n.getOpType().equals(Q) ? 1 : 0;
                    dq += n.getOpType().equals(DQ) ? 1 : 0;
                    perChannel += quantizer(n) ? 1 : 0;
                }
                default -> {
                    if (WEIGHTED.contains(n.getOpType())) {
                        weighted++;
                        weightedOp(n);
                    }
                }
            }
        }
        noUint8();
        int opset = model.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToInt(o -> (int) o.getVersion()).max().orElse(0);
        if (perChannel > 0 && opset < 13) {
            violations.add("model: per-channel Q/DQ (axis) needs opset >= 13, found opset " + opset);
        }
        if (opset > 17) {
            violations.add("model: TensorRT 8.6's ONNX parser reads opsets up to 17, found " + opset);
        }
        return new Report(q, dq, weighted, perChannel, List.copyOf(violations));
    }

    /** One Q or DQ node; returns whether it is per channel. */
    private boolean quantizer(NodeProto n) {
        String where = n.getOpType() + " '" + n.getName() + "'";
        if (n.getInputCount() != 3) {
            violations.add(where + ": expected 3 inputs (x, scale, zero point), found " + n.getInputCount());
            return false;
        }
        TensorProto scale = constants.get(n.getInput(1));
        TensorProto zero = constants.get(n.getInput(2));
        if (scale == null) {
            violations.add(where + ": expected a constant scale (initializer or Constant), found '" + n.getInput(1)
                    + "' computed by " + opOf(n.getInput(1)));
            return false;
        }
        if (scale.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
            violations.add(where + ": expected a float32 scale, found data type " + scale.getDataType());
            return false;
        }
        float[] s = OnnxVerifier.floats(scale);
        for (int i = 0; i < s.length; i++) {
            if (!(s[i] > 0) || Float.isInfinite(s[i])) {
                violations.add(where + ": expected a finite scale > 0, found " + s[i] + " at " + i + " of '" + scale.getName() + "'");
            }
        }
        if (zero == null) {
            violations.add(where + ": expected a constant zero point, found '" + n.getInput(2) + "' computed by " + opOf(n.getInput(2)));
        } else {
            zeroPoint(where, zero, s.length);
        }
        boolean perChannel = scale.getDimsCount() == 1 && s.length > 1;
        if (scale.getDimsCount() > 1) {
            violations.add(where + ": expected a scalar scale (per tensor) or a 1-D one (per channel), found dims "
                    + scale.getDimsList());
        }
        if (n.getOpType().equals(Q)) {
            quantizeFeedsDequantize(n, scale, zero);
        } else {
            dequantizeInput(n);
        }
        if (perChannel) {
            TensorProto weight = weightOf(n);
            if (weight == null) {
                violations.add(where + ": per-channel quantization is for weights only (TensorRT quantizes activations per"
                        + " tensor), found it on '" + n.getInput(0) + "' computed by " + opOf(n.getInput(0)));
            } else {
                Long ax = axis(n);
                int a = ax == null ? 1 : (int) (ax < 0 ? ax + weight.getDimsCount() : ax);
                if (a < 0 || a >= weight.getDimsCount() || weight.getDims(a) != s.length) {
                    violations.add(where + ": expected " + s.length + " scales to match axis " + a + " of the weight '"
                            + weight.getName() + "' " + weight.getDimsList());
                }
            }
        }
        return perChannel;
    }

    private void zeroPoint(String where, TensorProto zero, int scales) {
        if (zero.getDataType() != TensorProto.DataType.INT8.getNumber()) {
            violations.add(where + ": expected an INT8 zero point (TensorRT quantizes to signed int8), found data type "
                    + TensorProto.DataType.forNumber(zero.getDataType()) + " in '" + zero.getName() + "'");
            return;
        }
        byte[] z = zero.getRawData().isEmpty() ? int32Bytes(zero) : zero.getRawData().toByteArray();
        if (z.length != scales) {
            violations.add(where + ": expected as many zero points as scales (" + scales + "), found " + z.length);
        }
        for (int i = 0; i < z.length; i++) {
            if (z[i] != 0) {
                violations.add(where + ": expected zero point 0 (TensorRT supports symmetric quantization only), found "
                        + z[i] + " at " + i + " of '" + zero.getName() + "'");
            }
        }
    }

    private static byte[] int32Bytes(TensorProto t) {
        byte[] b = new byte[t.getInt32DataCount()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) t.getInt32Data(i);
        }
        return b;
    }

    /** A Q's output goes only to DQs that dequantize with its scale, zero point and axis. */
    private void quantizeFeedsDequantize(NodeProto q, TensorProto scale, TensorProto zero) {
        List<NodeProto> readers = consumers.getOrDefault(q.getOutput(0), List.of());
        String where = "QuantizeLinear '" + q.getName() + "'";
        if (readers.isEmpty()) {
            violations.add(where + ": expected a DequantizeLinear after it, found no reader");
        }
        for (NodeProto r : readers) {
            if (!r.getOpType().equals(DQ) || !r.getInput(0).equals(q.getOutput(0))) {
                violations.add(where + ": expected only DequantizeLinear readers, found " + r.getOpType() + " '" + r.getName() + "'");
                continue;
            }
            TensorProto s = constants.get(r.getInput(1));
            TensorProto z = r.getInputCount() > 2 ? constants.get(r.getInput(2)) : null;
            if (s == null || !Arrays.equals(OnnxVerifier.floats(s), OnnxVerifier.floats(scale))
                    || z == null || zero == null || !z.getRawData().equals(zero.getRawData())
                    || !Objects.equals(axis(r), axis(q))) {
                violations.add(where + ": expected its DequantizeLinear '" + r.getName() + "' to use the same scale, zero point"
                        + " and axis, found scale '" + r.getInput(1) + "' vs '" + q.getInput(1) + "', axis " + axis(r) + " vs " + axis(q));
            }
        }
    }

    /** A DQ dequantizes the output of a Q, or an INT8 weight initializer. */
    private void dequantizeInput(NodeProto dq) {
        String x = dq.getInput(0);
        NodeProto p = producer.get(x);
        if (p != null && p.getOpType().equals(Q)) {
            return;
        }
        TensorProto c = constants.get(x);
        if (c == null || c.getDataType() != TensorProto.DataType.INT8.getNumber()) {
            violations.add("DequantizeLinear '" + dq.getName() + "': expected the output of a QuantizeLinear or an INT8 weight,"
                    + " found '" + x + "' " + (c != null ? "of data type " + TensorProto.DataType.forNumber(c.getDataType())
                    : "computed by " + opOf(x)));
        }
    }

    /** Conv/ConvTranspose/Gemm: quantized input, quantized weights on TensorRT's channel axis, float bias. */
    private void weightedOp(NodeProto n) {
        String where = n.getOpType() + " '" + n.getName() + "'";
        NodeProto in = producer.get(n.getInput(0));
        if (in == null || !in.getOpType().equals(DQ)) {
            violations.add(where + ": expected its input quantized (read through DequantizeLinear), found '" + n.getInput(0)
                    + "' computed by " + opOf(n.getInput(0)));
        }
        NodeProto w = producer.get(n.getInput(1));
        TensorProto weight = w == null || !w.getOpType().equals(DQ) ? null : weightOf(w);
        if (weight == null) {
            violations.add(where + ": expected quantized weights (a constant through DequantizeLinear), found '" + n.getInput(1)
                    + "' computed by " + opOf(n.getInput(1)));
            return;
        }
        TensorProto scale = constants.get(w.getInput(1));
        if (scale != null && scale.getDimsCount() == 1 && OnnxVerifier.floats(scale).length > 1) {
            Long ax = axis(w);
            int axis = ax == null ? 1 : (int) (long) ax;
            int expected = switch (n.getOpType()) {
                case "Gemm" -> intAttr(n, "transB") == 1 ? 0 : 1;
                default -> 0;
            };
            if (axis != expected) {
                violations.add(where + ": expected per-channel weights along axis " + expected + " ("
                        + (n.getOpType().equals("ConvTranspose") ? "TensorRT's deconvolution kernels: per input channel"
                        : "output channels") + "), found axis " + axis + " on '" + w.getName() + "'");
            }
        }
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            TensorProto bias = constants.get(n.getInput(2));
            if (bias == null || bias.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
                violations.add(where + ": expected a float bias (TensorRT fuses it), found '" + n.getInput(2) + "' computed by "
                        + opOf(n.getInput(2)));
            }
        }
    }

    /** The constant a weight Q/DQ quantizes: its INT8 input, or the float input of the Q before it. */
    private TensorProto weightOf(NodeProto qdq) {
        String x = qdq.getInput(0);
        if (constants.containsKey(x)) {
            return constants.get(x);
        }
        NodeProto p = producer.get(x);
        return p != null && p.getOpType().equals(Q) && constants.containsKey(p.getInput(0)) ? constants.get(p.getInput(0)) : null;
    }

    private void noUint8() {
        constants.forEach((name, t) -> {
            if (t.getDataType() == TensorProto.DataType.UINT8.getNumber()) {
                violations.add("constant '" + name + "': expected no UINT8 tensor (TensorRT refuses UINT8 quantization), found one "
                        + t.getDimsList());
            }
        });
    }

    private String opOf(String value) {
        NodeProto p = producer.get(value);
        return p == null ? (constants.containsKey(value) ? "an initializer" : "a graph input") : p.getOpType() + " '" + p.getName() + "'";
    }

    private static Long axis(NodeProto n) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals("axis")) {
                return a.getI();
            }
        }
        return null;
    }

    private static long intAttr(NodeProto n, String name) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).mapToLong(AttributeProto::getI).findFirst().orElse(0);
    }
}
