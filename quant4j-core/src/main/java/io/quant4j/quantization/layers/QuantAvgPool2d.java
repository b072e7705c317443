package io.quant4j.quantization.layers;

import io.quant4j.nn.AvgPool2d;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.tensor.Tensor;

/** {@code y = avgpool(qi(x))}: an {@link AvgPool2d} with an input quantizer. */
public class QuantAvgPool2d extends AvgPool2d implements QuantInput {
    private final TensorQuantizer input;

    public QuantAvgPool2d(AvgPool2d like, QuantDescriptor inputDesc) {
        super(like.kernel(), like.stride(), like.padding(), like.ceilMode(), like.countIncludePad());
        this.input = register(INPUT_QUANTIZER, new TensorQuantizer(inputDesc));
    }

    /** A quantized counterpart of {@code f}; the weight descriptor is not used. */
    public static QuantAvgPool2d fromFloat(AvgPool2d f, QuantDescriptor inputDesc, QuantDescriptor unused) {
        QuantAvgPool2d q = new QuantAvgPool2d(f, inputDesc);
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
