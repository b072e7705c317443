package io.quant4j.onnx.imports;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.ConvTranspose2d;
import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.nn.Parameter;
import io.quant4j.onnx.IrTensor;
import io.quant4j.onnx.QuantParams;
import io.quant4j.onnx.QuantizedWeight;
import io.quant4j.quantization.IntegerBias;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.layers.IntegerLayer;
import io.quant4j.quantization.layers.QuantInput;
import io.quant4j.quantization.layers.QuantWeight;

/**
 * Writes one layer of a quantized graph module back into its ONNX node: the layer's current
 * weights (trained, BatchNorm-folded) as new initializers in the node's layout, its weight
 * quantizer as an int8 weight + DequantizeLinear, its int32 bias when the target rounds biases,
 * and its input and output quantizers as QuantizeLinear/DequantizeLinear.
 * <pre>
 *   Conv           W: K x C/g x R x S (axis 0)       ConvTranspose  W: C x K/g x R x S (the quantizer's axis)
 *   Gemm           B: out x in, transB = 1, alpha = beta = 1, C = bias
 *   MatMul         B: in x out (the Linear weight transposed; per-channel axis 1)
 *   BatchNormalization  scale, B, mean, var (current statistics)
 * </pre>
 */
final class LayerWriter {
    private final ProtoGraph g;
    private final QdqEmitter qdq;
    private final boolean integerBias;

    LayerWriter(ProtoGraph g, QdqEmitter qdq, boolean integerBias) {
        this.g = g;
        this.qdq = qdq;
        this.integerBias = integerBias;
    }

    /** Writes {@code m} (the module at {@code path}) into node {@code n}. */
    void write(NodeProto.Builder n, Module m, String path) {
        if (m instanceof io.quant4j.nn.Identity) {
            // folded into the preceding layer: the node passes its input through
            String in = n.getInput(0);
            n.setOpType("Identity").clearAttribute().clearInput().addInput(in);
            return;
        }
        if (m instanceof BatchNorm2d bn) {
            for (int i = 0; i < 4; i++) {
                String key = new String[] {"weight", "bias", "running_mean", "running_var"}[i];
                float[] v = i < 2 ? bn.ownParameters().get(key).value().toFloatArray() : bn.ownBuffers().get(key).value().toFloatArray();
                n.setInput(i + 1, g.constant(path + "." + key, IrTensor.ofFloats(new long[] {v.length}, v)));
            }
            return;
        }
        quantizeInput(n, m, path);
        String op = n.getOpType();
        if (m instanceof Conv2d c) {
            weights(n, m, path, c.weight(), c.bias(), c.weight().value().shape(), false);
        } else if (m instanceof ConvTranspose2d c) {
            weights(n, m, path, c.weight(), c.bias(), c.weight().value().shape(), false);
        } else if (m instanceof Linear l && op.equals("Gemm")) {
            ProtoGraph.setAttribute(n, "transB", 1L);
            ProtoGraph.setAttribute(n, "alpha", 1f);
            ProtoGraph.setAttribute(n, "beta", 1f);
            weights(n, m, path, l.weight(), l.bias(), l.weight().value().shape(), false);
        } else if (m instanceof Linear l && op.equals("MatMul")) {
            weights(n, m, path, l.weight(), null, l.weight().value().shape(), true);
        } else {
            throw new OnnxImportException("expected a Conv2d, ConvTranspose2d, Linear, BatchNorm2d or Identity for a " + op + " node, found "
                    + m.typeName(), path, "Replace layers of an imported graph only with their quantized counterparts.");
        }
        quantizeOutput(n, m, path);
    }

    private void quantizeInput(NodeProto.Builder n, Module m, String path) {
        if (m instanceof IntegerLayer il) {
            Module in = il.inputQuantizer();
            TensorQuantizer source = il.inputSource();
            if (in != null && source != null && source.isQuantizing()) {
                qdq.forReader(n, 0, QuantParams.of(source, new long[0], path + "._input_quantizer"), path + "._input_quantizer");
            }
        } else if (m instanceof QuantInput qi && qi.inputQuantizer().isQuantizing()) {
            qdq.forReader(n, 0, QuantParams.of(qi.inputQuantizer(), new long[0], path + "._input_quantizer"), path + "._input_quantizer");
        }
    }

    private void quantizeOutput(NodeProto.Builder n, Module m, String path) {
        if (m instanceof IntegerLayer il && il.outputQuantizer() != null && il.outputQuantizer().isQuantizing()) {
            qdq.forEdge(n.getOutput(0), QuantParams.of(il.outputQuantizer(), new long[0], path + "._output_quantizer"),
                    path + "._output_quantizer");
        }
    }

    private static TensorQuantizer weightQuantizer(Module m) {
        if (m instanceof IntegerLayer il) {
            return il.weightQuantizer();
        }
        return m instanceof QuantWeight qw ? qw.weightQuantizer() : null;
    }

    private void weights(NodeProto.Builder n, Module m, String path, Parameter weight, Parameter bias, long[] dims, boolean matMul) {
        float[] w = weight.value().toFloatArray();
        TensorQuantizer wq = weightQuantizer(m);
        QuantParams wp = null;
        if (wq != null && wq.isQuantizing()) {
            wp = QuantParams.of(wq, dims, path + "._weight_quantizer");
            QuantizedWeight qw = QuantizedWeight.of(path + ".weight", w, dims, wp);
            n.setInput(1, qdq.weight(matMul ? transposed(qw) : qw, path + "._weight_quantizer"));
        } else {
            long[] d = matMul ? new long[] {dims[1], dims[0]} : dims;
            n.setInput(1, g.constant(path + ".weight", IrTensor.ofFloats(d, matMul ? transpose(w, (int) dims[0], (int) dims[1]) : w)));
        }
        if (bias == null) {
            keepInputs(n, 2);
            return;
        }
        float[] b = bias.value().toFloatArray();
        String name;
        TensorQuantizer in = m instanceof IntegerLayer il ? il.inputSource() : null;
        if (integerBias && wp != null && in != null && in.isQuantizing() && in.quantizingAmax() != null
                && in.quantizingAmax().length == 1) {
            float[] scale = IntegerBias.scales(in.quantizingAmax()[0], in.grid(), wq.quantizingAmax(), wq.grid(), b.length);
            name = qdq.bias(path + ".bias", IntegerBias.quantize(b, scale), scale, path + ".bias");
        } else {
            name = g.constant(path + ".bias", IrTensor.ofFloats(new long[] {b.length}, b));
        }
        if (n.getInputCount() > 2) {
            n.setInput(2, name);
        } else {
            n.addInput(name);
        }
    }

    /** Drops the node's inputs from {@code count} on. */
    private static void keepInputs(NodeProto.Builder n, int count) {
        if (n.getInputCount() > count) {
            java.util.List<String> kept = new java.util.ArrayList<>(n.getInputList().subList(0, count));
            n.clearInput().addAllInput(kept);
        }
    }

    /** A {@code out x in} weight quantized per output channel, as MatMul's {@code in x out} with axis 1. */
    private static QuantizedWeight transposed(QuantizedWeight qw) {
        long[] d = qw.dims();
        int out = (int) d[0];
        int in = (int) d[1];
        int[] q = qw.q();
        int[] t = new int[q.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                t[i * out + o] = q[o * in + i];
            }
        }
        QuantParams p = qw.params();
        return new QuantizedWeight(qw.source(), new long[] {in, out}, t, p.with(p.amax(), p.perChannel() ? 1 : -1));
    }

    private static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = w[r * cols + c];
            }
        }
        return t;
    }
}
