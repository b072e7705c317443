package io.quant4j.quantization.layers;

import io.quant4j.nn.ConvTranspose2d;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.tensor.Tensor;

/**
 * {@code y = convT(qi(x), qw(W)) + b}: a {@link ConvTranspose2d} with input and weight quantizers.
 * The weight {@code C x K x R x S} is quantized as its descriptor says; per channel that is axis 0
 * (the input channels), as pytorch-quantization's {@code QUANT_DESC_8BIT_CONVTRANSPOSE2D_WEIGHT_PER_CHANNEL}
 * and what TensorRT's deconvolution kernels take (NVIDIA/TensorRT issues 2380, 1694).
 */
public class QuantConvTranspose2d extends ConvTranspose2d implements QuantWeight {
    private final TensorQuantizer input;
    private final TensorQuantizer weightQ;

    public QuantConvTranspose2d(ConvTranspose2d like, QuantDescriptor inputDesc, QuantDescriptor weightDesc) {
        super(like.inChannels(), like.outChannels(), like.kernel(), like.spec(), like.outputPadding(), like.bias() != null);
        this.input = register(INPUT_QUANTIZER, new TensorQuantizer(inputDesc));
        this.weightQ = register(WEIGHT_QUANTIZER, new TensorQuantizer(weightDesc));
    }

    /** A quantized copy of {@code f}, with the descriptors as given. */
    public static QuantConvTranspose2d fromFloat(ConvTranspose2d f, QuantDescriptor inputDesc, QuantDescriptor weightDesc) {
        QuantConvTranspose2d q = new QuantConvTranspose2d(f, inputDesc, weightDesc);
        Weights.copy(f.weight(), q.weight());
        Weights.copy(f.bias(), q.bias());
        q.train(f.isTraining());
        return q;
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        Tensor w = weightQ.forward(weight().value());
        return input.forward(x).convTranspose2d(w, bias() == null ? null : bias().value(), spec(), outputPadding());
    }

    @Override
    public TensorQuantizer inputQuantizer() {
        return input;
    }

    @Override
    public TensorQuantizer weightQuantizer() {
        return weightQ;
    }
}
