package io.quant4j.quantization.layers;

import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.TiedQuantizer;
import io.quant4j.tensor.Tensor;

/**
 * A fully connected layer placed for an integer kernel (ONNX Runtime's QGemm):
 * {@code y = q_out(q_in(x) q_w(W)^T + round_int32(b))} with {@code x: N x in}, weights per output
 * row (axis 0), the bias on the grid {@code s_in * s_w[k]} and an optional output quantizer (QGemm
 * may output float). The input's quantization is placed as for {@link IntegerConv2d}.
 */
public class IntegerLinear extends Linear implements IntegerLayer {
    private final TensorQuantizer weightQ;
    private Module inputQ;
    private TensorQuantizer inputSource;
    private TensorQuantizer outputQ;

    public IntegerLinear(Linear like, QuantDescriptor weightDesc) {
        super(like.inFeatures(), like.outFeatures(), like.bias() != null);
        this.weightQ = register(QuantWeight.WEIGHT_QUANTIZER, new TensorQuantizer(weightDesc));
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
        Tensor xq = inputQ == null ? x : inputQ.forward(x);
        Tensor w = weightQ.forward(weight().value());
        Tensor b = bias() == null ? null : IntegerLayers.bias(bias().value(), inputSource, weightQ, outFeatures());
        Tensor y = xq.linear(w, b);
        return outputQ == null ? y : outputQ.forward(y);
    }

    @Override
    public IntegerLinear quantizeInput(TensorQuantizer q) {
        inputQ = register(QuantInput.INPUT_QUANTIZER, q);
        inputSource = q;
        return this;
    }

    @Override
    public IntegerLinear shareInput(TensorQuantizer owner) {
        inputQ = register(QuantInput.INPUT_QUANTIZER, new TiedQuantizer(owner));
        inputSource = owner;
        return this;
    }

    @Override
    public IntegerLinear inputQuantizedBy(TensorQuantizer upstream) {
        inputSource = upstream;
        return this;
    }

    @Override
    public IntegerLinear quantizeOutput(TensorQuantizer q) {
        outputQ = register(OUTPUT_QUANTIZER, q);
        return this;
    }

    @Override
    public TensorQuantizer weightQuantizer() {
        return weightQ;
    }

    @Override
    public TensorQuantizer inputSource() {
        return inputSource;
    }

    @Override
    public Module inputQuantizer() {
        return inputQ;
    }

    @Override
    public TensorQuantizer outputQuantizer() {
        return outputQ;
    }

    @Override
    public String extraRepr() {
        return super.extraRepr() + ", input " + IntegerLayers.describeInput(inputQ, inputSource);
    }
}
