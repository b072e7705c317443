package io.quant4j.quantization.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.Linear;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link IntegerConv2d} and {@link IntegerLinear}: BatchNorm folding against the float layers, and
 * the integer kernel (quantized input, weight, int32 bias, activation, output) on hand-computed values.
 */
class IntegerConv2dTest {
    /** A conv 3 -> 4 (3x3, pad 1) and an eval BN with random statistics (one negative gamma). */
    private static BatchNorm2d bn(int c, long seed) {
        Random r = new Random(seed);
        BatchNorm2d bn = new BatchNorm2d(c);
        float[] g = new float[c];
        float[] b = new float[c];
        float[] m = new float[c];
        float[] v = new float[c];
        for (int i = 0; i < c; i++) {
            g[i] = (float) (r.nextGaussian() * 0.5 + (i == 1 ? -1 : 1));
            b[i] = (float) r.nextGaussian() * 0.2f;
            m[i] = (float) r.nextGaussian() * 0.3f;
            v[i] = 0.2f + r.nextFloat();
        }
        bn.weight().assign(Tensor.fromFloats(g, c));
        bn.bias().assign(Tensor.fromFloats(b, c));
        bn.runningMean().assign(Tensor.fromFloats(m, c));
        bn.runningVar().assign(Tensor.fromFloats(v, c));
        bn.eval();
        return bn;
    }

    @Test
    void foldsTheBatchNormIntoWeightAndBias() {
        Engines.seed(3);
        try (Conv2d conv = new Conv2d(3, 4, 3, 1, 1, false); BatchNorm2d bn = bn(4, 3);
             IntegerConv2d q = IntegerConv2d.fromFloat(conv, bn, Activation.NONE, QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL);
             Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            conv.eval();
            q.weightQuantizer().disable();
            Tensor x = Tensor.randn(2, 3, 6, 6);
            float[] ref = bn.forward(conv.forward(x)).toFloatArray();
            float[] got = q.forward(x).toFloatArray();
            for (int i = 0; i < ref.length; i++) {
                assertThat(got[i]).as("element %d", i).isCloseTo(ref[i], org.assertj.core.data.Offset.offset(2e-5f));
            }
            assertThat(q.bias()).isNotNull();
            assertThat(q.inputSource()).isNull();
        }
    }

    /**
     * Every scale is 1 or a power of two, so each step is worked out by hand in integers (and halves).
     * Input (amax 127, scale 1): {@code [[1.4, -2.6, 0.5], [3.5, 200, -1.2], [2.5, 0.49, -300]]} rounds
     * half to even and saturates to {@code [[1, -3, 0], [4, 127, -1], [2, 0, -128]]}. Weights per
     * channel: channel 0 (amax 127, scale 1) {@code [1.2, -0.7, 0.5, 2] -> [1, -1, 0, 2]}; channel 1
     * (amax 63.5, scale 0.5) {@code [0.74, -0.26, 1.1, 100] -> [0.5, -0.5, 1, 63.5]}. Bias on the grid
     * of {@code s_in * s_w = [1, 0.5]}: {@code [3.3, 0.8] -> [3, 1]}. Conv (2x2, no padding) + bias:
     * channel 0 {@code [261, -2, -120, -125]}, channel 1 {@code [8071.5, 63, -58.5, -8063]}; ReLU;
     * output unsigned, amax 510 (scale 2): {@code 261/2 = 130.5 -> 130}, {@code 63/2 = 31.5 -> 32},
     * {@code 8071.5 -> 255} levels. With a float bias the first output would be {@code 131 * 2}.
     */
    @Test
    void simulatesTheIntegerKernelExactly() {
        try (Conv2d conv = new Conv2d(1, 2, 2, 1, 0, true);
             IntegerConv2d q = IntegerConv2d.fromFloat(conv, null, Activation.RELU, QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL);
             Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            q.weight().assign(Tensor.fromFloats(new float[] {1.2f, -0.7f, 0.5f, 2f, 0.74f, -0.26f, 1.1f, 100f}, 2, 1, 2, 2));
            q.bias().assign(Tensor.fromFloats(new float[] {3.3f, 0.8f}, 2));
            q.weightQuantizer().setAmax(127f, 63.5f);
            q.quantizeInput(new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withAmax(127f)));
            q.quantizeOutput(new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withUnsigned(true).withAmax(510f)));
            Tensor x = Tensor.fromFloats(new float[] {1.4f, -2.6f, 0.5f, 3.5f, 200f, -1.2f, 2.5f, 0.49f, -300f}, 1, 1, 3, 3);
            assertThat(q.forward(x).toFloatArray()).containsExactly(260f, 0f, 0f, 0f, 510f, 64f, 0f, 0f);
        }
    }

    /**
     * Input quantizer present but not quantizing (its learned clip [-3, 3] still applies): the bias
     * stays float. 1x1 conv, weights {@code [1.2, -2] -> [1, -2]} (amax 127), bias 0.3, ReLU6:
     * {@code relu6(0.5 - 2 + 0.3) = 0}, {@code relu6(2 + 3 + 0.3) = 5.3} (rounded to the int32
     * grid of {@code 3/127} the bias would be {@code 13 * 3/127 = 0.307}).
     */
    @Test
    void biasStaysFloatWhileTheInputIsNotQuantizedAndGradientsReachEveryParameter() {
        try (Conv2d conv = new Conv2d(2, 1, 1, 1, 0, true);
             IntegerConv2d q = IntegerConv2d.fromFloat(conv, null, Activation.RELU6, QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL);
             Scope s = Scope.open()) {
            q.weight().assign(Tensor.fromFloats(new float[] {1.2f, -2f}, 1, 2, 1, 1));
            q.bias().assign(Tensor.fromFloats(new float[] {0.3f}, 1));
            TensorQuantizer in = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withAmax(3f).withLearnAmax(true));
            q.quantizeInput(in);
            q.weightQuantizer().setAmax(127f);
            Tensor x = Tensor.fromFloats(new float[] {0.5f, 2f, 1f, -1.5f}, 1, 2, 1, 2);
            try (Autograd.Recording off = Autograd.noGrad()) {
                in.disableQuant();
                float[] y = q.forward(x).toFloatArray();
                assertThat(y[0]).isZero();
                assertThat(y[1]).isCloseTo(5.3f, org.assertj.core.data.Offset.offset(1e-6f));
                in.enableQuant();
            }
            q.train();
            try (Autograd.Recording rec = Autograd.record()) {
                rec.backward(q.forward(x).sum());
            }
            assertThat(q.weight().value().grad().abs().sum().item()).isPositive();
            assertThat(q.bias().value().grad().abs().sum().item()).isPositive();
            assertThat(in.clip().namedParameters().values()).allSatisfy(p -> assertThat(p.value().grad()).isNotNull());
        }
    }

    /**
     * The input arrives quantized upstream (unsigned, amax 255: scale 1); rows of the weight per row:
     * row 0 (amax 127, scale 1) {@code [1.6, -0.4, 0.5] -> [2, 0, 0]}, row 1 (amax 31.75, scale 0.25)
     * {@code [0.3, -1, 0.1] -> [0.25, -1, 0]}; bias on {@code [1, 0.25]}: {@code [0.7, -0.3] -> [1, -0.25]}.
     * {@code x = [[1, 2, 255], [2, 0, 7]]}: {@code y = [[3, -2], [5, 0.25]]}.
     */
    @Test
    void integerLinearRoundsItsBiasOnTheInputTimesRowScales() {
        try (Linear f = new Linear(3, 2); IntegerLinear q = IntegerLinear.fromFloat(f, QuantDescriptor.INT8_LINEAR_WEIGHT_PER_ROW);
             TensorQuantizer upstream = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withUnsigned(true).withAmax(255f));
             Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            q.weight().assign(Tensor.fromFloats(new float[] {1.6f, -0.4f, 0.5f, 0.3f, -1f, 0.1f}, 2, 3));
            q.bias().assign(Tensor.fromFloats(new float[] {0.7f, -0.3f}, 2));
            q.weightQuantizer().setAmax(127f, 31.75f);
            q.inputQuantizedBy(upstream);
            assertThat(q.inputQuantizer()).isNull();
            assertThat(q.inputSource()).isSameAs(upstream);
            Tensor x = Tensor.fromFloats(new float[] {1f, 2f, 255f, 2f, 0f, 7f}, 2, 3);
            assertThat(q.forward(x).toFloatArray()).containsExactly(3f, -2f, 5f, 0.25f);
        }
    }
}
