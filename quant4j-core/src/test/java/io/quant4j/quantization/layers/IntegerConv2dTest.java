package io.quant4j.quantization.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.Linear;
import io.quant4j.quantization.IntegerBias;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.QuantGrid;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.ConvSpec;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntegerConv2dTest {
    private static final QuantGrid U8 = new QuantGrid(8, true, false);

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

    private static float[] maxPerRow(float[] w, int rows) {
        int per = w.length / rows;
        float[] a = new float[rows];
        for (int i = 0; i < w.length; i++) {
            a[i / per] = Math.max(a[i / per], Math.abs(w[i]));
        }
        return a;
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

    @Test
    void simulatesTheIntegerKernelExactly() {
        Engines.seed(4);
        try (Conv2d conv = new Conv2d(3, 4, 3, 1, 1, true);
             IntegerConv2d q = IntegerConv2d.fromFloat(conv, null, Activation.RELU, QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL);
             Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            float[] w = q.weight().value().toFloatArray();
            float[] wAmax = maxPerRow(w, 4);
            q.weightQuantizer().setAmax(wAmax);
            q.quantizeInput(new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withAmax(2f)));
            q.quantizeOutput(new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withUnsigned(true).withAmax(1.5f)));
            Tensor x = Tensor.randn(1, 3, 5, 5);

            float[] xs = x.toFloatArray();
            for (int i = 0; i < xs.length; i++) {
                xs[i] = QuantGrid.INT8.fakeQuant(xs[i], 2f);
            }
            float[] wq = w.clone();
            for (int i = 0; i < wq.length; i++) {
                wq[i] = QuantGrid.INT8.fakeQuant(w[i], wAmax[i / (wq.length / 4)]);
            }
            float[] scale = IntegerBias.scales(2f, QuantGrid.INT8, wAmax, QuantGrid.INT8, 4);
            float[] b = IntegerBias.dequantize(IntegerBias.quantize(q.bias().value().toFloatArray(), scale), scale);
            float[] y = Tensor.fromFloats(xs, 1, 3, 5, 5).conv2d(Tensor.fromFloats(wq, 4, 3, 3, 3), Tensor.fromFloats(b, 4),
                    ConvSpec.of(1, 1)).relu().toFloatArray();
            for (int i = 0; i < y.length; i++) {
                y[i] = U8.fakeQuant(y[i], 1.5f);
            }
            assertThat(q.forward(x).toFloatArray()).containsExactly(y);
        }
    }

    @Test
    void biasStaysFloatWhileTheInputIsNotQuantizedAndGradientsReachEveryParameter() {
        Engines.seed(5);
        try (Conv2d conv = new Conv2d(2, 3, 1, 1, 0, true);
             IntegerConv2d q = IntegerConv2d.fromFloat(conv, bn(3, 5), Activation.RELU6, QuantDescriptor.INT8_CONV_WEIGHT_PER_CHANNEL);
             Scope s = Scope.open()) {
            TensorQuantizer in = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withAmax(3f).withLearnAmax(true));
            q.quantizeInput(in);
            q.weightQuantizer().setAmax(maxPerRow(q.weight().value().toFloatArray(), 3));
            Tensor x = Tensor.randn(4, 2, 3, 3);
            try (Autograd.Recording off = Autograd.noGrad()) {
                in.disableQuant();
                Tensor w = q.weightQuantizer().forward(q.weight().value());
                float[] ref = x.conv2d(w, q.bias().value(), ConvSpec.of(1, 0)).relu6().toFloatArray();
                assertThat(q.forward(x).toFloatArray()).containsExactly(ref);
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

    @Test
    void integerLinearRoundsItsBiasOnTheInputTimesRowScales() {
        Engines.seed(6);
        try (Linear f = new Linear(5, 3); IntegerLinear q = IntegerLinear.fromFloat(f, QuantDescriptor.INT8_LINEAR_WEIGHT_PER_ROW);
             Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            float[] wAmax = maxPerRow(q.weight().value().toFloatArray(), 3);
            q.weightQuantizer().setAmax(wAmax);
            TensorQuantizer upstream = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withUnsigned(true).withAmax(4f));
            q.inputQuantizedBy(upstream);
            assertThat(q.inputQuantizer()).isNull();
            assertThat(q.inputSource()).isSameAs(upstream);
            Tensor x = upstream.forward(Tensor.rand(0f, 4f, 2, 5));
            float[] scale = IntegerBias.scales(4f, U8, wAmax, QuantGrid.INT8, 3);
            float[] b = IntegerBias.dequantize(IntegerBias.quantize(q.bias().value().toFloatArray(), scale), scale);
            float[] ref = x.linear(q.weightQuantizer().forward(q.weight().value()), Tensor.fromFloats(b, 3)).toFloatArray();
            assertThat(q.forward(x).toFloatArray()).containsExactly(ref);
            upstream.close();
        }
    }
}
