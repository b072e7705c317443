package io.quant4j.quantization.layers;

import io.quant4j.nn.Module;
import io.quant4j.quantization.TensorQuantizer;

/**
 * A layer placed for an integer kernel ({@link IntegerConv2d}, {@link IntegerLinear}): quantized
 * weight, int32 bias on the grid {@code s_in * s_w}, and an input whose quantization is known. The
 * placement ({@code IntegerPlacement}) says where the input's quantization comes from, once, with
 * one of the first three methods, and whether the output is quantized here.
 */
public interface IntegerLayer {
    /** Child name of the output quantizer. */
    String OUTPUT_QUANTIZER = "_output_quantizer";

    /** The input is quantized by this layer's own {@code _input_quantizer} {@code q}. */
    IntegerLayer quantizeInput(TensorQuantizer q);

    /**
     * The input is quantized as {@code owner} (another consumer's quantizer of the same tensor)
     * quantizes it: the {@code _input_quantizer} is a {@link io.quant4j.quantization.TiedQuantizer}.
     */
    IntegerLayer shareInput(TensorQuantizer owner);

    /** The input arrives quantized by {@code upstream} (no quantizer here; its scale rounds the bias). */
    IntegerLayer inputQuantizedBy(TensorQuantizer upstream);

    /** The output (after the activation) is quantized by {@code q} ({@code _output_quantizer}). */
    IntegerLayer quantizeOutput(TensorQuantizer q);

    /** The weight quantizer ({@code _weight_quantizer}). */
    TensorQuantizer weightQuantizer();

    /** The quantizer whose scale the input has, or null while the placement has not said. */
    TensorQuantizer inputSource();

    /** The {@code _input_quantizer} child (a TensorQuantizer or a TiedQuantizer), or null. */
    Module inputQuantizer();

    /** The {@code _output_quantizer} child, or null. */
    TensorQuantizer outputQuantizer();
}
