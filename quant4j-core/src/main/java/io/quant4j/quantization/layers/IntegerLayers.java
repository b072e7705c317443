package io.quant4j.quantization.layers;

import io.quant4j.nn.Module;
import io.quant4j.quantization.IntegerBias;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.TiedQuantizer;
import io.quant4j.tensor.Tensor;

/** What {@link IntegerConv2d} and {@link IntegerLinear} share: the int32 bias and descriptions. */
final class IntegerLayers {
    private IntegerLayers() {}

    /**
     * The bias rounded to {@code s_in * s_w[k]} ({@link IntegerBias}) when the input and weight
     * quantizers both quantize with a known amax (one input value); else the float bias (during
     * calibration, with dynamic amax, or with the input or weights left float).
     */
    static Tensor bias(Tensor b, TensorQuantizer input, TensorQuantizer weight, int channels) {
        if (input == null || !input.isQuantizing() || !weight.isQuantizing()) {
            return b;
        }
        float[] in = input.quantizingAmax();
        float[] w = weight.quantizingAmax();
        if (in == null || in.length != 1 || w == null || (w.length != 1 && w.length != channels)) {
            return b;
        }
        return IntegerBias.apply(b, IntegerBias.scales(in[0], input.grid(), w, weight.grid(), channels));
    }

    static String describeInput(Module inputQ, TensorQuantizer source) {
        if (source == null) {
            return "not placed";
        }
        if (inputQ == null) {
            return "quantized upstream";
        }
        return inputQ instanceof TiedQuantizer ? "shared" : "quantized here";
    }
}
