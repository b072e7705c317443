package io.quant4j.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.quant4j.tensor.OpType;
import java.util.Arrays;

/**
 * Validates every {@code QuantizeDequantize} node ({@link QuantParams#parse}) and turns the ones
 * whose input is a float constant (a weight) into {@code QuantizedWeight} nodes holding the
 * integers the Java forward computes, so that the weights are exported exactly; a bias rounded to
 * its int32 grid ({@code QuantizedBias}) gets its integers the same way.
 */
final class QuantizerPass {

    private QuantizerPass() {}

    /** Returns the number of quantizers (activation + weight). */
    static int apply(IrGraph g) {
        int count = 0;
        for (IrNode n : g.nodes) {
            if (n.is(OpType.QUANTIZED_BIAS)) {
                bias(g, n);
                continue;
            }
            if (!n.is(OpType.QUANTIZE_DEQUANTIZE)) {
                continue;
            }
            count++;
            if (n.inputs.size() != 1) {
                throw new UnsupportedOpException(n.modulePath, OpType.QUANTIZE_DEQUANTIZE.onnxName(), "expected one input, found " + n.inputs.size(),
                        "Record QuantizeDequantize with inputs [x] (see TensorQuantizer).");
            }
            String x = n.inputs.get(0);
            long[] shape = g.shapes.get(x);
            if (shape == null) {
                throw new IllegalStateException("no traced shape for " + x);
            }
            n.quant = QuantParams.parse(n.attrs, n.modulePath, shape);
            IrTensor c = g.constants.get(x);
            if (c == null) {
                n.quant.requireActivationGrid(n.modulePath);
            } else {
                if (c.type() != TensorProto.DataType.FLOAT) {
                    throw new UnsupportedQuantizerException(n.modulePath, "expected a float32 tensor to quantize, found "
                            + c.type() + Arrays.toString(c.dims()), "Quantize float parameters only.");
                }
                if (n.quant.unsigned() && anyNegative(c.floats())) {
                    throw new UnsupportedQuantizerException(n.modulePath, "negative values reach an unsigned quantizer "
                            + "of the constant '" + x + "'", "Use a signed quantizer for weights.");
                }
                int[] q = n.quant.quantize(c.floats(), c.dims());
                n.weight = new QuantizedWeight(x, c.dims(), q, n.quant);
                n.type = OpType.QUANTIZED_WEIGHT.onnxName();
                n.inputs.clear();
            }
        }
        return count;
    }

    /** A bias rounded by the Java forward: the integers are recomputed from the float bias and the traced scale. */
    private static void bias(IrGraph g, IrNode n) {
        String b = n.inputs.isEmpty() ? null : n.inputs.get(0);
        float[] v = b == null ? null : g.floatConstant(b);
        Object s = n.attrs.get("scale");
        if (v == null || !(s instanceof float[] scale) || scale.length != v.length) {
            throw new UnsupportedQuantizerException(n.modulePath, "expected an int32 bias of a float constant with one scale"
                    + " per value, found input " + b + " and scale " + s, "Round only a layer's bias parameter (IntegerBias.apply).");
        }
        n.bias = new QuantizedBias(b, io.quant4j.quantization.IntegerBias.quantize(v, scale), scale);
        n.inputs.clear();
    }

    private static boolean anyNegative(float[] v) {
        for (float f : v) {
            if (f < 0) {
                return true;
            }
        }
        return false;
    }
}
