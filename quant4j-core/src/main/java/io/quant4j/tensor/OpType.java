package io.quant4j.tensor;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The op vocabulary: every operation a {@link Tensor} records when a {@link Tracer} is active,
 * named as in ONNX where ONNX has the op ({@code Conv}, {@code Relu}, ...), plus quant4j's own
 * ({@code Linear} before it becomes Gemm/MatMul, {@code AdaptiveAvgPool}, {@code
 * QuantizeDequantize}, {@code QuantizedBias}, ...). Tracer, placement and export compare op types
 * through this enum, never through string literals. A user's composite op may carry another name;
 * {@link #of(String)} is then empty.
 */
public enum OpType {
    ADD("Add"), SUB("Sub"), MUL("Mul"), DIV("Div"), MAX("Max"), MIN("Min"), NEG("Neg"), ABS("Abs"), ROUND("Round"),
    SQRT("Sqrt"), EXP("Exp"), LOG("Log"), CLIP("Clip"), RELU("Relu"), SIGMOID("Sigmoid"), TANH("Tanh"),
    HARD_SWISH("HardSwish"), SILU("Silu"), GREATER_OR_EQUAL("GreaterOrEqual"), LESS_OR_EQUAL("LessOrEqual"),
    GREATER("Greater"), LESS("Less"), WHERE("Where"), EXPAND("Expand"), CAST("Cast"), IDENTITY("Identity"),
    RESHAPE("Reshape"), FLATTEN("Flatten"), TRANSPOSE("Transpose"), FLIP("Flip"), PAD("Pad"), SLICE("Slice"),
    CONCAT("Concat"), REDUCE_SUM("ReduceSum"), REDUCE_MEAN("ReduceMean"), REDUCE_MAX("ReduceMax"), REDUCE_MIN("ReduceMin"),
    ARG_MAX("ArgMax"), CONV("Conv"), CONV_TRANSPOSE("ConvTranspose"), BATCH_NORMALIZATION("BatchNormalization"),
    LINEAR("Linear"), MAT_MUL("MatMul"), GEMM("Gemm"), MAX_POOL("MaxPool"), AVERAGE_POOL("AveragePool"),
    GLOBAL_AVERAGE_POOL("GlobalAveragePool"), ADAPTIVE_AVG_POOL("AdaptiveAvgPool"), SOFTMAX("Softmax"),
    LOG_SOFTMAX("LogSoftmax"), DROPOUT("Dropout"), GATHER_ELEMENTS("GatherElements"),
    /** Ops of imported graphs ({@link GraphTensorOps}). */
    ERF("Erf"), POW("Pow"), LEAKY_RELU("LeakyRelu"), RECIPROCAL("Reciprocal"), FLOOR("Floor"), CEIL("Ceil"), EQUAL("Equal"),
    NOT("Not"), GATHER("Gather"),
    /** Fake quantization: quantize then dequantize (a TensorQuantizer). */
    QUANTIZE_DEQUANTIZE("QuantizeDequantize"),
    /** Quantization without dequantization (a quantizer with fake quantization off). */
    QUANTIZE("Quantize"),
    /** A bias rounded to its int32 grid (an integer layer). */
    QUANTIZED_BIAS("QuantizedBias"),
    /** A weight stored as integers (export only). */
    QUANTIZED_WEIGHT("QuantizedWeight"),
    QUANTIZE_LINEAR("QuantizeLinear"), DEQUANTIZE_LINEAR("DequantizeLinear");

    private static final Map<String, OpType> BY_NAME = new HashMap<>();

    static {
        for (OpType t : values()) {
            BY_NAME.put(t.onnxName, t);
        }
    }

    private final String onnxName;

    OpType(String onnxName) {
        this.onnxName = onnxName;
    }

    /** The recorded name ({@code Conv}, {@code QuantizeDequantize}, ...). */
    public String onnxName() {
        return onnxName;
    }

    /** The op type of a recorded name, or empty for a name outside the vocabulary. */
    public static Optional<OpType> of(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Whether a recorded name is this op. */
    public boolean is(String name) {
        return onnxName.equals(name);
    }

    @Override
    public String toString() {
        return onnxName;
    }
}
