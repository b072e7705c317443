package io.quant4j.onnx;

import io.quant4j.nn.Init;
import io.quant4j.nn.Module;
import io.quant4j.nn.Parameter;
import io.quant4j.tensor.ConvSpec;
import io.quant4j.tensor.Tensor;

/** Test-only quantized conv: fake-quantizes its input (per tensor) and weight (per channel, axis 0, or per tensor). */
final class QuantConv2d extends Module {
    private final Parameter weight;
    private final Parameter bias;
    private final ConvSpec spec;

    QuantConv2d(int in, int out, int kernel, int stride, int padding, boolean bias, boolean perChannelWeight) {
        this.spec = ConvSpec.of(stride, padding);
        this.weight = parameter("weight", Init.kaimingNormalFanOut(out, in, kernel, kernel));
        this.bias = bias ? parameter("bias", Init.defaultUniform((long) in * kernel * kernel, out)) : null;
        register("_input_quantizer", FakeQuantizer.perTensor());
        register("_weight_quantizer", perChannelWeight ? FakeQuantizer.perChannel(0) : FakeQuantizer.perTensor());
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        Tensor qx = children().get("_input_quantizer").forward(x);
        Tensor qw = children().get("_weight_quantizer").forward(weight.value());
        return qx.conv2d(qw, bias == null ? null : bias.value(), spec);
    }

    FakeQuantizer weightQuantizer() {
        return (FakeQuantizer) children().get("_weight_quantizer");
    }

    FakeQuantizer inputQuantizer() {
        return (FakeQuantizer) children().get("_input_quantizer");
    }
}
