package io.quant4j.quantization;

import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.OpType;
import io.quant4j.tensor.Tensor;
import io.quant4j.tensor.Tracer;
import java.util.List;
import java.util.Map;

/**
 * The int32 bias of an integer convolution or linear layer, as ONNX Runtime's QLinearConv and
 * QGemm use it: the bias is stored as integers whose scale is the product of the input and weight
 * scales, so that it adds straight into the int32 accumulator.
 *
 * <pre>
 *   s_in   = amax_in / maxBound_in            (ONNX scale of the input quantizer, float32; 0 -> 1)
 *   s_w[k] = amax_w[k] / maxBound_w           (per output channel k, or one value)
 *   S[k]   = s_in * s_w[k]                    (float32 product)
 *   q[k]   = clamp(rint(b[k] / S[k]), -2^31, 2^31 - 1)      (float32 division, round half to even)
 *   b'[k]  = (float) q[k] * S[k]              (what DequantizeLinear(int32) computes)
 * </pre>
 * Example: {@code s_in = 0.02, s_w = 0.001}: {@code S = 2e-5}, {@code b = 0.123457 -> q = 6173,
 * b' = 0.12346}.
 *
 * <p>While a {@link Tracer} records, the rounding is one {@code QuantizedBias} op ({@link OpType#QUANTIZED_BIAS}) on the float bias with the
 * attribute {@code scale} (float[] S); the exporter turns it into an int32 initializer and a
 * DequantizeLinear with the same integers ({@link #quantize}). With gradients on, the rounding is a
 * straight-through step: {@code b' + (b - stopGradient(b))}.
 */
public final class IntegerBias {

    private IntegerBias() {}

    /** {@code S[k] = s_in * s_w[k]} with ONNX scales; {@code weightAmax} has 1 or {@code channels} values. */
    public static float[] scales(float inputAmax, QuantGrid input, float[] weightAmax, QuantGrid weight, int channels) {
        if (weightAmax.length != 1 && weightAmax.length != channels) {
            throw new IllegalArgumentException("expected 1 or " + channels + " weight amax values, found " + weightAmax.length);
        }
        float sIn = input.onnxScale(inputAmax);
        float[] s = new float[channels];
        for (int k = 0; k < channels; k++) {
            s[k] = sIn * weight.onnxScale(weightAmax[weightAmax.length == 1 ? 0 : k]);
        }
        return s;
    }

    /** The int32 levels {@code clamp(rint(b / S), int32)}. */
    public static int[] quantize(float[] bias, float[] scale) {
        if (bias.length != scale.length) {
            throw new IllegalArgumentException("expected one scale per bias value, found " + scale.length + " for " + bias.length);
        }
        int[] q = new int[bias.length];
        for (int k = 0; k < q.length; k++) {
            double r = Math.rint(bias[k] / scale[k]);
            q[k] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, r));
        }
        return q;
    }

    /** {@code (float) q * S}: the dequantized bias. */
    public static float[] dequantize(int[] q, float[] scale) {
        float[] b = new float[q.length];
        for (int k = 0; k < q.length; k++) {
            b[k] = (float) q[k] * scale[k];
        }
        return b;
    }

    /**
     * The bias rounded to its int32 grid ({@code bias} 1-D of {@code scale.length} values), as one
     * traced op; gradients pass straight through.
     */
    public static Tensor apply(Tensor bias, float[] scale) {
        float[] s = scale.clone();
        return Tracer.composite(OpType.QUANTIZED_BIAS, List.of(bias), Map.of("scale", s), () -> {
            float[] b = bias.toFloatArray();
            Tensor rounded = Tensor.fromFloats(dequantize(quantize(b, s), s), bias.shape());
            if (!Autograd.isRecording()) {
                return rounded;
            }
            return rounded.add(bias.sub(bias.stopGradient()));   // value exactly b', gradient 1 to b
        });
    }
}
