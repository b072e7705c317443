package io.quant4j.quantization;

import java.util.Arrays;
import java.util.Locale;

/**
 * The runtime a quantized model is placed for: where its quantizers sit, and so what the exported
 * ONNX file looks like.
 *
 * <ul>
 *   <li>{@link #TENSORRT} (default): pytorch-quantization's placement. Signed quantizers on the
 *       inputs of quantized ops and on weights, float biases, BatchNorm folded at export. TensorRT
 *       builds INT8 engines from it; ONNX Runtime runs it as float Q/DQ arithmetic (slower than FP32).
 *   <li>{@link #ONNXRUNTIME}: the placement ONNX Runtime fuses into integer kernels on CPU
 *       (QLinearConv, QLinearAdd, QLinearGlobalAveragePool, QGemm). BatchNorm is folded into the
 *       convolution in the model, every quantized conv gets an int32 bias (scale = input scale x
 *       weight scale) and a quantized output taken after its ReLU (unsigned 8-bit when the tensor is
 *       non-negative), both inputs of residual adds are quantized, and each tensor has one quantizer
 *       shared by all its consumers.
 * </ul>
 */
public enum QuantTarget {
    TENSORRT("tensorrt"),
    ONNXRUNTIME("onnxruntime");

    private final String id;

    QuantTarget(String id) {
        this.id = id;
    }

    /** The name used in recipes, checkpoints and the CLI: {@code tensorrt} or {@code onnxruntime}. */
    public String id() {
        return id;
    }

    /**
     * Parses a target name (case-insensitive; {@code trt} and {@code ort} are accepted too).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static QuantTarget parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "tensorrt", "trt" -> TENSORRT;
            case "onnxruntime", "ort" -> ONNXRUNTIME;
            default -> throw new IllegalArgumentException("expected a quantization target "
                    + Arrays.stream(values()).map(QuantTarget::id).toList() + ", found '" + name + "'");
        };
    }

    @Override
    public String toString() {
        return id;
    }
}
