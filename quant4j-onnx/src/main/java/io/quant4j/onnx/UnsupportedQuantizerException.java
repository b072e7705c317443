package io.quant4j.onnx;

/**
 * A quantizer whose integer grid ONNX QuantizeLinear/DequantizeLinear cannot represent exactly:
 * not 8 bits, or signed with {@code narrow_range} (grid {@code [-127, 127]}; ONNX int8 saturates
 * to {@code [-128, 127]}), or an {@code amax}/{@code axis} that does not fit the tensor.
 */
public final class UnsupportedQuantizerException extends OnnxExportException {
    private static final long serialVersionUID = 1L;

    public UnsupportedQuantizerException(String modulePath, String problem, String hint) {
        super(problem, UncalibratedQuantizerException.location(modulePath), hint, null);
    }
}
