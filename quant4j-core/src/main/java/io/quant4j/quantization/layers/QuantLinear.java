package io.quant4j.quantization.layers;

import io.quant4j.nn.Linear;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.tensor.Tensor;

/** {@code y = qi(x) qw(W)^T + b}: a {@link Linear} with input and weight (per row, axis 0) quantizers. */
public class QuantLinear extends Linear implements QuantWeight {
    private final TensorQuantizer input;
    private final TensorQuantizer weightQ;

    public QuantLinear(Linear like, QuantDescriptor inputDesc, QuantDescriptor weightDesc) {
        super(like.inFeatures(), like.outFeatures(), like.bias() != null);
        this.input = register(INPUT_QUANTIZER, new TensorQuantizer(inputDesc));
        this.weightQ = register(WEIGHT_QUANTIZER, new TensorQuantizer(weightDesc));
    }

    /** A quantized copy of {@code f} (weights copied). */
    public static QuantLinear fromFloat(Linear f, QuantDescriptor inputDesc, QuantDescriptor weightDesc) {
        QuantLinear q = new QuantLinear(f, inputDesc, weightDesc);
        Weights.copy(f.weight(), q.weight());
        Weights.copy(f.bias(), q.bias());
        q.train(f.isTraining());
        return q;
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        Tensor w = weightQ.forward(weight().value());
        return input.forward(x).linear(w, bias() == null ? null : bias().value());
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
