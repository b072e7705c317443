package io.quant4j.onnx;

/**
 * A bias rounded to its int32 grid by the Java forward ({@link io.quant4j.quantization.IntegerBias}):
 * {@code b' = q * scale} per output channel. Exported as an int32 initializer and a
 * DequantizeLinear (axis 0), the form ONNX Runtime reads as QLinearConv's and QGemm's bias.
 *
 * @param source name of the float bias it came from
 * @param q the int32 levels
 * @param scale the scale per channel (input scale x weight scale)
 */
public record QuantizedBias(String source, int[] q, float[] scale) {
    public QuantizedBias {
        q = q.clone();
        scale = scale.clone();
    }

    @Override
    public int[] q() {
        return q.clone();
    }

    @Override
    public float[] scale() {
        return scale.clone();
    }

    /** The dequantized values {@code (float) q * scale}, which the Java forward adds. */
    public float[] dequantized() {
        return io.quant4j.quantization.IntegerBias.dequantize(q, scale);
    }
}
