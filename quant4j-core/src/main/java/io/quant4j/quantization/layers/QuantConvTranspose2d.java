package io.quant4j.quantization.layers;

import io.quant4j.nn.ConvTranspose2d;
import io.quant4j.quantization.QuantAxis;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.tensor.Tensor;

/**
 * {@code y = convT(qi(x), qw(W)) + b}: a {@link ConvTranspose2d} with input and weight quantizers
 * (weights {@code C x K x R x S} per output channel are axis 1).
 */
public class QuantConvTranspose2d extends ConvTranspose2d implements QuantWeight {
    private final TensorQuantizer input;
    private final TensorQuantizer weightQ;

    public QuantConvTranspose2d(ConvTranspose2d like, QuantDescriptor inputDesc, QuantDescriptor weightDesc) {
        super(like.inChannels(), like.outChannels(), like.kernel(), like.spec(), like.outputPadding(), like.bias() != null);
        this.input = register(INPUT_QUANTIZER, new TensorQuantizer(inputDesc));
        this.weightQ = register(WEIGHT_QUANTIZER, new TensorQuantizer(weightDesc));
    }

    /**
     * A quantized copy of {@code f}. A per-channel weight descriptor on axis 0 (the default for
     * convolutions) is moved to axis 1, the output channels of a transposed convolution's weight.
     */
    public static QuantConvTranspose2d fromFloat(ConvTranspose2d f, QuantDescriptor inputDesc, QuantDescriptor weightDesc) {
        QuantDescriptor w = QuantAxis.of(0).equals(weightDesc.axis()) ? weightDesc.withAxis(1) : weightDesc;
        QuantConvTranspose2d q = new QuantConvTranspose2d(f, inputDesc, w);
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
