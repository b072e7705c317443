package io.quant4j.quantization;

/** An unsigned quantizer (grid {@code [0, 2^n - 1]}) received negative values. */
public class NegativeUnsignedInputException extends QuantizationException {
    private static final long serialVersionUID = 1L;

    public NegativeUnsignedInputException(String quantizer, float min) {
        super(quantizer + ": expected non-negative input for an unsigned quantizer, found min(x) = " + min, null,
                "Use unsigned quantizers only after ReLU-like layers, or set unsigned = false.", null);
    }
}
