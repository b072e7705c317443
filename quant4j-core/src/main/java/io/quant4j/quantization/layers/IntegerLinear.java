package io.quant4j.quantization.layers;

import io.quant4j.nn.Linear;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.tensor.Tensor;

/**
 * A fully connected layer placed for an integer kernel (ONNX Runtime's QGemm):
 * {@code y = q_out(q_in(x) q_w(W)^T + round_int32(b))} with {@code x: N x in}, weights per output
 * row (axis 0), the bias on the grid {@code s_in * s_w[k]} and an optional output quantizer (QGemm
 * may output float). The input's quantization is placed as for {@link IntegerConv2d}.
 */
public class IntegerLinear extends Linear implements IntegerLayer {
    private final IntegerSlots slots;

    public IntegerLinear(Linear like, QuantDescriptor weightDesc) {
        super(like.inFeatures(), like.outFeatures(), like.bias() != null);
        this.slots = new IntegerSlots(this::register, register(QuantWeight.WEIGHT_QUANTIZER, new TensorQuantizer(weightDesc)));
    }

    /** The integer counterpart of {@code f} (weights copied). */
    public static IntegerLinear fromFloat(Linear f, QuantDescriptor weightDesc) {
        IntegerLinear q = new IntegerLinear(f, weightDesc);
        Weights.copy(f.weight(), q.weight());
        Weights.copy(f.bias(), q.bias());
        q.train(f.isTraining());
        return q;
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        return slots.forward(x, weight().value(), bias() == null ? null : bias().value(), outFeatures(),
                (xq, w, b) -> xq.linear(w, b));
    }

    @Override
    public IntegerSlots slots() {
        return slots;
    }

    @Override
    public String extraRepr() {
        return super.extraRepr() + ", input " + slots.describeInput();
    }
}
