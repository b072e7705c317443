package io.quant4j.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.List;
import java.util.Map;

/**
 * Lowers quantizers (spec §7): {@code QuantizeLinear(x, scale, zp) -> DequantizeLinear(q, scale, zp)}
 * with {@code scale = amax / maxBound} (float32, 0 -> 1.0), zero point 0 of type int8 (uint8 when
 * unsigned), scalars for per-tensor, 1-D with {@code axis} for per-channel. A quantized weight is
 * an int8 initializer + DequantizeLinear ({@link WeightFormat#INT8}) or a float initializer on the
 * grid + Q + DQ ({@link WeightFormat#FLOAT_QDQ}).
 */
final class QdqLowering {
    private QdqLowering() {}

    static void quantizeDequantize(IrNode n, GraphEmitter e) {
        QuantParams p = n.quant;
        String[] sz = scaleAndZeroPoint(n, p, e);
        Map<String, Object> attrs = axisAttr(p);
        String q = e.node(n, "QuantizeLinear", List.of(n.inputs.get(0), sz[0], sz[1]), null, attrs);
        e.node(n, "DequantizeLinear", List.of(q, sz[0], sz[1]), n.output, attrs);
    }

    static void quantizedWeight(IrNode n, GraphEmitter e) {
        QuantizedWeight w = n.weight;
        QuantParams p = w.params();
        String[] sz = scaleAndZeroPoint(n, p, e);
        Map<String, Object> attrs = axisAttr(p);
        if (e.weightFormat() == WeightFormat.INT8) {
            String data = e.constant(w.source() + "_quantized",
                    IrTensor.ofBytes(p.unsigned() ? DataType.UINT8 : DataType.INT8, w.dims(), w.bytes()));
            e.node(n, "DequantizeLinear", List.of(data, sz[0], sz[1]), n.output, attrs);
        } else {
            String data = e.constant(w.source(), IrTensor.ofFloats(w.dims(), w.dequantized()));
            String q = e.node(n, "QuantizeLinear", List.of(data, sz[0], sz[1]), null, attrs);
            e.node(n, "DequantizeLinear", List.of(q, sz[0], sz[1]), n.output, attrs);
        }
    }

    private static Map<String, Object> axisAttr(QuantParams p) {
        return p.perChannel() ? Map.of("axis", (long) p.axis()) : Map.of();
    }

    private static String[] scaleAndZeroPoint(IrNode n, QuantParams p, GraphEmitter e) {
        float[] scales = p.onnxScales();
        long[] dims = p.perChannel() ? new long[] {scales.length} : new long[0];
        String base = n.modulePath.isEmpty() ? "quantizer" : n.modulePath;
        String s = e.constant(base + ".scale", IrTensor.ofFloats(dims, scales));
        String z = e.constant(base + ".zero_point",
                IrTensor.ofBytes(p.unsigned() ? DataType.UINT8 : DataType.INT8, dims, new byte[scales.length]));
        return new String[] {s, z};
    }
}
