package io.quant4j.onnx.imports;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.quant4j.onnx.IrTensor;
import io.quant4j.onnx.QuantParams;
import io.quant4j.onnx.QuantizedWeight;
import io.quant4j.onnx.WeightFormat;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes quantizers into a {@link ProtoGraph} as QuantizeLinear/DequantizeLinear pairs, with the
 * project's one rule for scales and zero points ({@link QuantParams}): activations per tensor
 * (signed ones as uint8 with zero point 128 when the target asks), weights per channel as int8
 * initializers + DequantizeLinear ({@link WeightFormat#INT8}) or float on the grid + Q + DQ,
 * int32 biases + DequantizeLinear. Nodes are named {@code <quantizer path>/QuantizeLinear} so the
 * verifier finds each one's Java quantizer.
 */
final class QdqEmitter {
    static final String Q = "QuantizeLinear";
    static final String DQ = "DequantizeLinear";

    private final ProtoGraph g;
    private final boolean signedAsUint8;
    private final boolean onePairPerReader;
    private final WeightFormat weightFormat;
    private final Map<String, String[]> quantized = new HashMap<>();
    private int activations;

    QdqEmitter(ProtoGraph g, boolean signedAsUint8, boolean onePairPerReader, WeightFormat weightFormat) {
        this.g = g;
        this.signedAsUint8 = signedAsUint8;
        this.onePairPerReader = onePairPerReader;
        this.weightFormat = weightFormat;
    }

    /** Activation quantizers written. */
    int activations() {
        return activations;
    }

    private Map<String, Object> axis(QuantParams p) {
        return p.perChannel() ? Map.of("axis", (long) p.axis()) : Map.of();
    }

    /** {@code [scale, zero point]} initializer names for activation (or weight) parameters. */
    private String[] scaleZeroPoint(QuantParams p, String path, boolean activation) {
        float[] s = p.onnxScales();
        long[] dims = p.perChannel() ? new long[] {s.length} : new long[0];
        String scale = g.constant(path + ".scale", IrTensor.ofFloats(dims, s));
        String zp = g.constant(path + ".zero_point", p.zeroPoint(activation && signedAsUint8, dims));
        return new String[] {scale, zp};
    }

    /** The Q output and its scale/zero point for {@code edge} quantized with {@code p} (one Q per edge and parameters). */
    private String[] quantize(String edge, QuantParams p, String path) {
        p.requireActivationGrid(path);
        String key = edge + "|" + Arrays.toString(p.amax()) + "|" + p.unsigned() + "|" + p.axis();
        String[] done = quantized.get(key);
        if (done != null) {
            return done;
        }
        String[] sz = scaleZeroPoint(p, path, true);
        String out = g.fresh(edge + "_quantized");
        g.node(path + "/" + Q, Q, List.of(edge, sz[0], sz[1]), List.of(out), axis(p));
        String[] r = {out, sz[0], sz[1]};
        quantized.put(key, r);
        activations++;
        return r;
    }

    private String dequantize(String[] q, QuantParams p, String path, String edge) {
        String out = g.fresh(edge + "_dequantized");
        g.node(path + "/" + DQ, DQ, List.of(q[0], q[1], q[2]), List.of(out), axis(p));
        return out;
    }

    /** Quantizes input {@code index} of {@code reader} only (a layer's own input quantizer). */
    void forReader(NodeProto.Builder reader, int index, QuantParams p, String path) {
        String edge = reader.getInput(index);
        String[] q = quantize(edge, p, path);
        reader.setInput(index, dequantize(q, p, path, edge));
    }

    /**
     * Quantizes {@code edge} for every reader (an edge quantizer): one Q, then one DQ per reader
     * (or one shared DQ); a graph output reads its own DQ, the producer's output being renamed.
     */
    void forEdge(String edge, QuantParams p, String path) {
        String source = edge;
        if (g.isGraphOutput(edge)) {
            NodeProto.Builder producer = g.producer(edge);
            source = g.fresh(edge + "_float");
            for (int i = 0; i < producer.getOutputCount(); i++) {
                if (producer.getOutput(i).equals(edge)) {
                    producer.setOutput(i, source);
                }
            }
            for (Object[] r : g.readers(edge)) {
                ((NodeProto.Builder) r[0]).setInput((int) r[1], source);
            }
        }
        List<Object[]> readers = g.readers(source);
        String[] q = quantize(source, p, path);
        String shared = null;
        for (Object[] r : readers) {
            NodeProto.Builder reader = (NodeProto.Builder) r[0];
            if (!onePairPerReader && shared != null) {
                reader.setInput((int) r[1], shared);
                continue;
            }
            String dq = dequantize(q, p, path, source);
            shared = dq;
            reader.setInput((int) r[1], dq);
        }
        if (!source.equals(edge)) {
            g.node(path + "/" + DQ, DQ, List.of(q[0], q[1], q[2]), List.of(edge), axis(p));
        }
    }

    /** A quantized weight: the name of the tensor the node reads (a DequantizeLinear output). */
    String weight(QuantizedWeight w, String path) {
        QuantParams p = w.params();
        String[] sz = scaleZeroPoint(p, path, false);
        String out = g.fresh(w.source() + "_dequantized");
        if (weightFormat == WeightFormat.INT8) {
            String data = g.constant(w.source() + "_quantized", IrTensor.ofBytes(p.unsigned() ? DataType.UINT8 : DataType.INT8, w.dims(),
                    w.bytes()));
            g.node(path + "/" + DQ, DQ, List.of(data, sz[0], sz[1]), List.of(out), axis(p));
        } else {
            String data = g.constant(w.source(), IrTensor.ofFloats(w.dims(), w.dequantized()));
            String q = g.fresh(w.source() + "_quantized");
            g.node(path + "/" + Q, Q, List.of(data, sz[0], sz[1]), List.of(q), axis(p));
            g.node(path + "/" + DQ, DQ, List.of(q, sz[0], sz[1]), List.of(out), axis(p));
        }
        return out;
    }

    /** An int32 bias {@code q * scale} (per output channel): the name of its DequantizeLinear output. */
    String bias(String hint, int[] q, float[] scale, String path) {
        long[] dims = {q.length};
        String data = g.constant(hint + "_quantized", IrTensor.ofInts(dims, q));
        String s = g.constant(hint + "_scale", IrTensor.ofFloats(dims, scale));
        String z = g.constant(hint + "_zero_point", IrTensor.ofInts(dims, new int[q.length]));
        String out = g.fresh(hint + "_dequantized");
        g.node(path + "/" + DQ, DQ, List.of(data, s, z), List.of(out), Map.of("axis", 0L));
        return out;
    }
}
