package io.quant4j.quantization.layers;

import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.quantization.IntegerBias;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.TiedQuantizer;
import io.quant4j.tensor.Tensor;

/**
 * A convolution placed for an integer kernel (ONNX Runtime's QLinearConv): a {@link Conv2d} with
 * the BatchNorm that followed it folded in, a quantized weight, an int32 bias, a fused activation
 * and, optionally, a quantized output.
 *
 * <pre>
 *   g_k = gamma_k / sqrt(var_k + eps),   W'_k = g_k W_k,   b'_k = g_k (b_k - mean_k) + beta_k    (at construction)
 *   y   = q_out(act(conv(q_in(x), q_w(W')) + round_int32(b')))
 * </pre>
 * {@code q_in} is this layer's own {@code _input_quantizer}, a {@link TiedQuantizer} sharing the
 * quantizer of another consumer of the same tensor, or nothing when the input arrives quantized
 * from upstream ({@link #inputQuantizedBy}); in every case {@link #inputSource()} is the quantizer
 * whose scale the input has, and the bias is rounded to the grid of {@code s_in * s_w[k]}
 * ({@link IntegerBias}) while both that quantizer and the weight quantizer quantize. Shapes as
 * {@link Conv2d}; weights per output channel (axis 0).
 *
 * <p>Training trains the folded weight and bias: the BatchNorm statistics are frozen into them
 * (as after "freeze BN" in quantization-aware training).
 */
public class IntegerConv2d extends Conv2d implements IntegerLayer {
    private final IntegerSlots slots;
    private final Activation activation;

    public IntegerConv2d(Conv2d like, boolean bias, Activation activation, QuantDescriptor weightDesc) {
        super(like.inChannels(), like.outChannels(), like.kernel(), like.spec(), bias);
        this.activation = activation;
        this.slots = new IntegerSlots(this::register, register(QuantWeight.WEIGHT_QUANTIZER, new TensorQuantizer(weightDesc)));
    }

    /**
     * The integer counterpart of {@code conv} followed by {@code bn} (eval statistics; null for
     * none) and {@code activation}; weights and bias are copied, BN folded as in the class comment.
     */
    public static IntegerConv2d fromFloat(Conv2d conv, BatchNorm2d bn, Activation activation, QuantDescriptor weightDesc) {
        IntegerConv2d q = new IntegerConv2d(conv, conv.bias() != null || bn != null, activation, weightDesc);
        float[] w = conv.weight().value().toFloatArray();
        int k = conv.outChannels();
        float[] b = conv.bias() == null ? new float[k] : conv.bias().value().toFloatArray();
        if (bn != null) {
            BnFold fold = BnFold.of(bn, k, q.label());
            w = fold.weight(w);
            b = fold.bias(b);
        }
        q.weight().assign(Tensor.fromFloats(w, conv.weight().value().shape()));
        q.weight().freeze(conv.weight().frozen());
        if (q.bias() != null) {
            q.bias().assign(Tensor.fromFloats(b, k));
            q.bias().freeze(conv.bias() != null ? conv.bias().frozen() : bn.weight().frozen());
        }
        q.train(conv.isTraining());
        return q;
    }

    @Override
    protected Tensor forwardImpl(Tensor x) {
        return slots.forward(x, weight().value(), bias() == null ? null : bias().value(), outChannels(),
                (xq, w, b) -> activation.apply(xq.conv2d(w, b, spec())));
    }

    /** The fused activation. */
    public Activation activation() {
        return activation;
    }

    private String label() {
        return "IntegerConv2d(" + inChannels() + ", " + outChannels() + ")";
    }

    @Override
    public IntegerSlots slots() {
        return slots;
    }

    @Override
    public String extraRepr() {
        return super.extraRepr() + (activation == Activation.NONE ? "" : ", " + activation.name().toLowerCase(java.util.Locale.ROOT))
                + ", input " + slots.describeInput();
    }
}
