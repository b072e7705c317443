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

    /** The layer's quantizer slots. */
    IntegerSlots slots();

    /** The input is quantized by this layer's own {@code _input_quantizer} {@code q}. */
    default IntegerLayer quantizeInput(TensorQuantizer q) {
        slots().own(q);
        return this;
    }

    /**
     * The input is quantized as {@code owner} (another consumer's quantizer of the same tensor)
     * quantizes it: the {@code _input_quantizer} is a {@link io.quant4j.quantization.TiedQuantizer}.
     */
    default IntegerLayer shareInput(TensorQuantizer owner) {
        slots().share(owner);
        return this;
    }

    /** The input arrives quantized by {@code upstream} (no quantizer here; its scale rounds the bias). */
    default IntegerLayer inputQuantizedBy(TensorQuantizer upstream) {
        slots().upstream(upstream);
        return this;
    }

    /** The output (after the activation) is quantized by {@code q} ({@code _output_quantizer}). */
    default IntegerLayer quantizeOutput(TensorQuantizer q) {
        slots().quantizeOutput(q);
        return this;
    }

    /** The weight quantizer ({@code _weight_quantizer}). */
    default TensorQuantizer weightQuantizer() {
        return slots().weight();
    }

    /** The quantizer whose scale the input has, or null while the placement has not said. */
    default TensorQuantizer inputSource() {
        return slots().inputSource();
    }

    /** The {@code _input_quantizer} child (a TensorQuantizer or a TiedQuantizer), or null. */
    default Module inputQuantizer() {
        return slots().inputQuantizer();
    }

    /** The {@code _output_quantizer} child, or null. */
    default TensorQuantizer outputQuantizer() {
        return slots().outputQuantizer();
    }
}
