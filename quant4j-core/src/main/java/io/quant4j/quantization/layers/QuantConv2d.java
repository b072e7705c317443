package io.quant4j.quantization.layers;

import io.quant4j.nn.Conv2d;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.tensor.Tensor;

/**
 * {@code y = conv(qi(x), qw(W)) + b}: a {@link Conv2d} whose input and weight pass through
 * quantizers (weights usually per output channel, axis 0). Shapes as {@link Conv2d}.
 */
public class QuantConv2d extends Conv2d implements QuantWeight {
    private final TensorQuantizer input;
    private final TensorQuantizer weightQ;

    public QuantConv2d(Conv2d like, QuantDescriptor inputDesc, QuantDescriptor weightDesc) {
        super(like.inChannels(), like.outChannels(), like.kernel(), like.spec(), like.bias() != null);
        this.input = register(INPUT_QUANTIZER, new TensorQuantizer(inputDesc));
        this.weightQ = register(WEIGHT_QUANTIZER, new TensorQuantizer(weightDesc));
    }

    /** A quantized copy of {@code f} (weights copied). */
    public static QuantConv2d fromFloat(Conv2d f, QuantDescriptor inputDesc, QuantDescriptor weightDesc) {
        QuantConv2d q = new QuantConv2d(f, inputDesc, weightDesc);
        Weights.copy(f.weight(), q.weight());
        Weights.copy(f.bias(), q.bias());
        q.train(f.isTraining());
        return q;
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        Tensor w = weightQ.forward(weight().value());
        return input.forward(x).conv2d(w, bias() == null ? null : bias().value(), spec());
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
