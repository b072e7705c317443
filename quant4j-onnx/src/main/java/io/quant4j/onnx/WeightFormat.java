package io.quant4j.onnx;

/**
 * How quantized weights (a {@code QuantizeDequantize} whose input is a parameter) are stored.
 *
 * <ul>
 *   <li>{@link #INT8} (default): the integers {@code q = clamp(rint(w * maxBound/amax))}, computed
 *       exactly as the Java fake-quant forward computes them, stored as an int8 (uint8 when
 *       unsigned) initializer followed by {@code DequantizeLinear}. Exact by construction (no
 *       runtime re-rounding, so no tie can flip), 4x smaller than float weights, and the format
 *       ONNX Runtime's own quantizer writes (it forms {@code QLinearConv}/{@code QGemm} from it).
 *       TensorRT 10 accepts pre-quantized weights behind an {@code IDequantizeLayer}.</li>
 *   <li>{@link #FLOAT_QDQ}: float initializer → {@code QuantizeLinear} → {@code DequantizeLinear},
 *       the layout pytorch-quantization exports and older TensorRT (8.x) parsers require. The
 *       stored floats are already on the grid ({@code q * scale}), so any runtime's
 *       {@code QuantizeLinear} recovers exactly the Java integers
 *       ({@code |rint(q*s/s) - q| <= 128 * 2^-23 << 0.5}).</li>
 * </ul>
 * Both formats give the same dequantized weights; BatchNorm folding is exact in both because it
 * is applied to the integers and scales ({@code q' = sign(g) q}, {@code amax' = |g| amax}).
 */
public enum WeightFormat {
    /** int8/uint8 initializer + DequantizeLinear. */
    INT8,
    /** float initializer (on the grid) + QuantizeLinear + DequantizeLinear. */
    FLOAT_QDQ
}
