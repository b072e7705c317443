package io.quant4j.quantization.layers;

import io.quant4j.nn.Module;
import io.quant4j.quantization.IntegerBias;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.TiedQuantizer;
import io.quant4j.tensor.Tensor;
import java.util.function.BiFunction;

/**
 * The quantizer slots of an integer layer, one component for {@link IntegerConv2d} and
 * {@link IntegerLinear}: the weight quantizer, where the input's quantization comes from (its own
 * {@code _input_quantizer}, a {@link TiedQuantizer} sharing another reader's, or upstream), the
 * optional {@code _output_quantizer}, and the int32 bias on the grid {@code s_in * s_w[k]}.
 */
public final class IntegerSlots {
    private final BiFunction<String, Module, Module> register;
    private final TensorQuantizer weight;
    private Module input;
    private TensorQuantizer inputSource;
    private TensorQuantizer output;

    /**
     * @param register registers a child with the owning layer (its {@code register})
     * @param weight the layer's {@code _weight_quantizer}, already registered
     */
    IntegerSlots(BiFunction<String, Module, Module> register, TensorQuantizer weight) {
        this.register = register;
        this.weight = weight;
    }

    void own(TensorQuantizer q) {
        input = register.apply(QuantInput.INPUT_QUANTIZER, q);
        inputSource = q;
    }

    void share(TensorQuantizer owner) {
        input = register.apply(QuantInput.INPUT_QUANTIZER, new TiedQuantizer(owner));
        inputSource = owner;
    }

    void upstream(TensorQuantizer q) {
        inputSource = q;
    }

    void quantizeOutput(TensorQuantizer q) {
        output = (TensorQuantizer) register.apply(IntegerLayer.OUTPUT_QUANTIZER, q);
    }

    /** The float op of an integer layer on its quantized input, quantized weight and int32 bias. */
    @FunctionalInterface
    interface Op {
        Tensor apply(Tensor input, Tensor weight, Tensor bias);
    }

    /**
     * {@code q_out(op(q_in(x), q_w(weight), round_int32(bias)))}: the forward of every integer layer.
     *
     * @param bias the float bias, or null
     * @param channels output channels (the length of a per-channel weight scale)
     */
    Tensor forward(Tensor x, Tensor weight, Tensor bias, int channels, Op op) {
        return output(op.apply(input(x), this.weight.forward(weight), bias(bias, channels)));
    }

    /** The input as the layer computes with it: quantized here, or as it arrived. */
    private Tensor input(Tensor x) {
        return input == null ? x : input.forward(x);
    }

    /** The output quantized when an output quantizer is placed. */
    private Tensor output(Tensor y) {
        return output == null ? y : output.forward(y);
    }

    /**
     * The bias rounded to {@code s_in * s_w[k]} ({@link IntegerBias}) when the input and weight
     * quantizers both quantize with a known amax (one input value); else the float bias (during
     * calibration, with dynamic amax, or with the input or weights left float).
     */
    private Tensor bias(Tensor b, int channels) {
        if (b == null || inputSource == null || !inputSource.isQuantizing() || !weight.isQuantizing()) {
            return b;
        }
        float[] in = inputSource.quantizingAmax();
        float[] w = weight.quantizingAmax();
        if (in == null || in.length != 1 || w == null || (w.length != 1 && w.length != channels)) {
            return b;
        }
        return IntegerBias.apply(b, IntegerBias.scales(in[0], inputSource.grid(), w, weight.grid(), channels));
    }

    TensorQuantizer weight() {
        return weight;
    }

    TensorQuantizer inputSource() {
        return inputSource;
    }

    Module inputQuantizer() {
        return input;
    }

    TensorQuantizer outputQuantizer() {
        return output;
    }

    /** {@code not placed}, {@code quantized upstream}, {@code shared} or {@code quantized here}. */
    String describeInput() {
        if (inputSource == null) {
            return "not placed";
        }
        if (input == null) {
            return "quantized upstream";
        }
        return input instanceof TiedQuantizer ? "shared" : "quantized here";
    }
}
