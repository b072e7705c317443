package io.quant4j.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.quant4j.tensor.OpType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The unit of {@link OnnxVerifier}'s output comparison: the quantization step of a graph's output. */
final class OutputStep {
    private OutputStep() {}

    /**
     * The quantization step of the output: the ONNX scale of the last activation quantizer upstream
     * of the graph output (largest channel scale when per-channel), times the largest row L1 norm
     * of a Gemm's constant weights when that quantizer feeds the final Gemm; NaN when there is no
     * activation quantizer. Weight quantizers (a
     * DequantizeLinear of an initializer, or of a QuantizeLinear of an initializer) are skipped.
     */
    static double of(ModelProto proto) {
        List<NodeProto> nodes = proto.getGraph().getNodeList();
        Map<String, NodeProto> producer = new HashMap<>();
        nodes.forEach(n -> n.getOutputList().forEach(o -> producer.put(o, n)));
        Map<String, TensorProto> inits = new HashMap<>();
        proto.getGraph().getInitializerList().forEach(t -> inits.put(t.getName(), t));
        Set<NodeProto> upstream = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        proto.getGraph().getOutputList().forEach(v -> todo.add(v.getName()));
        while (!todo.isEmpty()) {
            NodeProto p = producer.get(todo.pop());
            if (p != null && upstream.add(p)) {
                p.getInputList().forEach(todo::add);
            }
        }
        for (int i = nodes.size() - 1; i >= 0; i--) {
            NodeProto n = nodes.get(i);
            if (!upstream.contains(n) || !n.getOpType().equals(LayoutPass.DQ)) {
                continue;
            }
            String x = n.getInput(0);
            NodeProto q = producer.get(x);
            boolean weight = inits.containsKey(x)
                    || q != null && q.getOpType().equals(LayoutPass.Q) && inits.containsKey(q.getInput(0));
            TensorProto scale = inits.get(n.getInput(1));
            if (weight || scale == null || scale.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
                continue;
            }
            float[] s = OnnxVerifier.floats(scale);
            double max = 0;
            for (float v : s) {
                max = Math.max(max, v);
            }
            return max * gemmGain(n.getOutput(0), nodes, producer, inits);
        }
        return Double.NaN;
    }

    /**
     * When the last quantized activation feeds a Gemm with constant weights {@code W} (the usual
     * classifier head), one quantization step of that input moves logit {@code j} by up to
     * {@code step * sum_i |W_ji|}: the logits' step is the input step times the largest row L1
     * norm. Otherwise 1 (the step is the activation's).
     */
    private static double gemmGain(String dqOut, List<NodeProto> nodes, Map<String, NodeProto> producer,
                                   Map<String, TensorProto> inits) {
        NodeProto gemm = null;
        for (NodeProto c : nodes) {
            if (c.getInputList().contains(dqOut)) {
                if (gemm != null) {
                    return 1;
                }
                gemm = c;
            }
        }
        if (gemm == null || !gemm.getOpType().equals(OpType.GEMM.onnxName()) || gemm.getInputCount() < 2 || !gemm.getInput(0).equals(dqOut)) {
            return 1;
        }
        long transB = gemm.getAttributeList().stream().filter(a -> a.getName().equals("transB")).mapToLong(a -> a.getI()).findFirst().orElse(0);
        float[][] w = constantMatrix(gemm.getInput(1), producer, inits);
        if (w == null || transB != 1) {
            return 1;
        }
        double gain = 0;
        for (float[] row : w) {
            double l1 = 0;
            for (float v : row) {
                l1 += Math.abs(v);
            }
            gain = Math.max(gain, l1);
        }
        return gain > 0 ? gain : 1;
    }

    /** A 2-D constant: a float initializer, or DequantizeLinear of an int8 initializer (per-row scale) or of Q(float). */
    private static float[][] constantMatrix(String name, Map<String, NodeProto> producer, Map<String, TensorProto> inits) {
        TensorProto t = inits.get(name);
        if (t != null && t.getDataType() == TensorProto.DataType.FLOAT.getNumber() && t.getDimsCount() == 2) {
            return rows(OnnxVerifier.floats(t), (int) t.getDims(0), (int) t.getDims(1));
        }
        NodeProto dq = producer.get(name);
        if (dq == null || !dq.getOpType().equals(LayoutPass.DQ)) {
            return null;
        }
        NodeProto q = producer.get(dq.getInput(0));
        if (q != null && q.getOpType().equals(LayoutPass.Q)) {
            return constantMatrix(q.getInput(0), producer, inits);
        }
        TensorProto data = inits.get(dq.getInput(0));
        TensorProto scale = inits.get(dq.getInput(1));
        if (data == null || scale == null || data.getDimsCount() != 2 || data.getDataType() != TensorProto.DataType.INT8.getNumber()) {
            return null;
        }
        int r = (int) data.getDims(0);
        int c = (int) data.getDims(1);
        byte[] raw = data.getRawData().toByteArray();
        if (raw.length != r * c) {
            return null;
        }
        float[] s = OnnxVerifier.floats(scale);
        float[] out = new float[r * c];
        for (int i = 0; i < out.length; i++) {
            out[i] = raw[i] * (s.length == 1 ? s[0] : s[i / c]);
        }
        return rows(out, r, c);
    }

    private static float[][] rows(float[] v, int r, int c) {
        float[][] out = new float[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(v, i * c, out[i], 0, c);
        }
        return out;
    }
}
