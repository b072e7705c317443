package io.quant4j.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.List;
import java.util.Map;

/**
 * Lowers quantizers (spec §7): {@code QuantizeLinear(x, scale, zp) -> DequantizeLinear(q, scale, zp)}
 * with {@code scale = amax / maxBound} (float32, 1.0 where amax <= 2^-24), zero point 0 of type int8 (uint8 when
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
        String q = e.node(n, LayoutPass.Q, List.of(n.inputs.get(0), sz[0], sz[1]), null, attrs);
        e.node(n, LayoutPass.DQ, List.of(q, sz[0], sz[1]), n.output, attrs);
    }

    static void quantizedWeight(IrNode n, GraphEmitter e) {
        QuantizedWeight w = n.weight;
        QuantParams p = w.params();
        String[] sz = scaleAndZeroPoint(n, p, e);
        Map<String, Object> attrs = axisAttr(p);
        if (e.weightFormat() == WeightFormat.INT8) {
            String data = e.constant(w.source() + "_quantized",
                    IrTensor.ofBytes(p.unsigned() ? DataType.UINT8 : DataType.INT8, w.dims(), w.bytes()));
            e.node(n, LayoutPass.DQ, List.of(data, sz[0], sz[1]), n.output, attrs);
        } else {
            String data = e.constant(w.source(), IrTensor.ofFloats(w.dims(), w.dequantized()));
            String q = e.node(n, LayoutPass.Q, List.of(data, sz[0], sz[1]), null, attrs);
            e.node(n, LayoutPass.DQ, List.of(q, sz[0], sz[1]), n.output, attrs);
        }
    }

    /** int32 initializer -> DequantizeLinear(scale per channel, zero point int32 0, axis 0). */
    static void quantizedBias(IrNode n, GraphEmitter e) {
        QuantizedBias b = n.bias;
        long[] dims = {b.q().length};
        String base = n.modulePath.isEmpty() ? "bias" : n.modulePath + ".bias";
        String data = e.constant(b.source() + "_quantized", IrTensor.ofInts(dims, b.q()));
        String s = e.constant(base + "_scale", IrTensor.ofFloats(dims, b.scale()));
        String z = e.constant(base + "_zero_point", IrTensor.ofInts(dims, new int[b.q().length]));
        e.node(n, LayoutPass.DQ, List.of(data, s, z), n.output, Map.of("axis", 0L));
    }

    private static Map<String, Object> axisAttr(QuantParams p) {
        return p.perChannel() ? Map.of("axis", (long) p.axis()) : Map.of();
    }

    private static String[] scaleAndZeroPoint(IrNode n, QuantParams p, GraphEmitter e) {
        float[] scales = p.onnxScales();
        long[] dims = p.perChannel() ? new long[] {scales.length} : new long[0];
        String base = n.modulePath.isEmpty() ? "quantizer" : n.modulePath;
        String s = e.constant(base + ".scale", IrTensor.ofFloats(dims, scales));
        String z = e.constant(base + ".zero_point", zeroPoint(p, n.offsetUint8, dims));
        return new String[] {s, z};
    }

    /**
     * The zero point: 0 of type int8 (uint8 when unsigned), or uint8 128 for a signed quantizer
     * written as uint8 ({@code q_u8 = q_s8 + 128}, same scale, same values).
     */
    static IrTensor zeroPoint(QuantParams p, boolean offsetUint8, long[] dims) {
        return p.zeroPoint(offsetUint8, dims);
    }
}
