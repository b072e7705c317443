package io.quant4j.quantization.layers;

import io.quant4j.nn.AdaptiveAvgPool2d;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.tensor.Tensor;

/** {@code y = adaptive_avgpool(qi(x))}: an {@link AdaptiveAvgPool2d} with an input quantizer. */
public class QuantAdaptiveAvgPool2d extends AdaptiveAvgPool2d implements QuantInput {
    private final TensorQuantizer input;

    public QuantAdaptiveAvgPool2d(AdaptiveAvgPool2d like, QuantDescriptor inputDesc) {
        super(like.outputSize());
        this.input = register(INPUT_QUANTIZER, new TensorQuantizer(inputDesc));
    }

    /** A quantized counterpart of {@code f}; the weight descriptor is not used. */
    public static QuantAdaptiveAvgPool2d fromFloat(AdaptiveAvgPool2d f, QuantDescriptor inputDesc, QuantDescriptor unused) {
        QuantAdaptiveAvgPool2d q = new QuantAdaptiveAvgPool2d(f, inputDesc);
        q.train(f.isTraining());
        return q;
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        return super.forwardImpl(input.forward(x));
    }

    @Override
    public TensorQuantizer inputQuantizer() {
        return input;
    }
}
