package io.quant4j.onnx;

import io.quant4j.nn.AdaptiveAvgPool2d;
import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Flatten;
import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.nn.ReLU;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small models and helpers for the export tests. */
final class TestNets {
    private TestNets() {}

    /**
     * {@code qconv(1->8) -> BN -> ReLU -> qconv(8->16, stride 2) -> BN -> ReLU -> avgpool -> flatten
     * -> quantizer -> Linear(16, 10)}.
     */
    static final class QuantNet extends Module {
        QuantNet(boolean perChannelWeights, boolean bias) {
            register("conv1", new QuantConv2d(1, 8, 3, 1, 1, bias, perChannelWeights));
            register("bn1", new BatchNorm2d(8));
            register("relu", new ReLU());
            register("conv2", new QuantConv2d(8, 16, 3, 2, 1, bias, perChannelWeights));
            register("bn2", new BatchNorm2d(16));
            register("avgpool", new AdaptiveAvgPool2d(1));
            register("flatten", new Flatten(1));
            register("fc_quantizer", FakeQuantizer.perTensor());
            register("fc", new Linear(16, 10));
        }

        @Override
        protected Tensor forwardImpl(Tensor x) {
            Module relu = children().get("relu");
            Tensor y = relu.forward(children().get("bn1").forward(children().get("conv1").forward(x)));
            y = relu.forward(children().get("bn2").forward(children().get("conv2").forward(y)));
            y = children().get("flatten").forward(children().get("avgpool").forward(y));
            return children().get("fc").forward(children().get("fc_quantizer").forward(y));
        }
    }

    static QuantNet quantNet(boolean perChannelWeights, long seed) {
        Engines.seed(seed);
        QuantNet net = new QuantNet(perChannelWeights, false);
        randomizeBatchNorms(net, seed);
        calibrate(net, batches(2, 8, seed + 100, 1, 28, 28));
        return net;
    }

    /** Random gamma (some negative), beta, running mean and variance for every BatchNorm2d. */
    static void randomizeBatchNorms(Module m, long seed) {
        Random r = new Random(seed);
        for (Module mod : m.namedModules().values()) {
            if (mod instanceof BatchNorm2d bn) {
                int c = bn.channels();
                float[] g = new float[c];
                float[] b = new float[c];
                float[] mean = new float[c];
                float[] var = new float[c];
                for (int i = 0; i < c; i++) {
                    g[i] = (float) ((r.nextBoolean() ? 1 : -1) * (0.3 + r.nextDouble()));
                    b[i] = (float) (r.nextGaussian() * 0.2);
                    mean[i] = (float) (r.nextGaussian() * 0.2);
                    var[i] = (float) (0.5 + r.nextDouble());
                }
                try (Autograd.Recording off = Autograd.noGrad()) {
                    bn.weight().assign(Tensor.fromFloats(g, c));
                    bn.bias().assign(Tensor.fromFloats(b, c));
                    bn.runningMean().assign(Tensor.fromFloats(mean, c));
                    bn.runningVar().assign(Tensor.fromFloats(var, c));
                }
            }
        }
    }

    /** Max calibration: every FakeQuantizer observes the data (weight quantizers observe the weights). */
    static void calibrate(Module m, List<ImageBatch> data) {
        List<FakeQuantizer> qs = new ArrayList<>();
        m.namedModules().values().forEach(mod -> {
            if (mod instanceof FakeQuantizer q) {
                q.calibrating = true;
                q.amax = null;
                qs.add(q);
            }
        });
        for (ImageBatch b : data) {
            OnnxVerifier.javaForward(m, b);
        }
        qs.forEach(q -> q.calibrating = false);
    }

    /** Seeded standard-normal batches. */
    static List<ImageBatch> batches(int count, int batch, long seed, long... sample) {
        List<ImageBatch> out = new ArrayList<>();
        long[] shape = new long[sample.length + 1];
        shape[0] = batch;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        for (int i = 0; i < count; i++) {
            out.add(ImageBatch.random(seed + i, shape));
        }
        return out;
    }

    /** Java forward output. */
    static float[] java(Module m, ImageBatch b) {
        return OnnxVerifier.javaForward(m, b);
    }

    /** max |a - b|. */
    static double maxDiff(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs((double) a[i] - b[i]));
        }
        return d;
    }

    static double maxAbs(float[] a) {
        double d = 0;
        for (float v : a) {
            d = Math.max(d, Math.abs(v));
        }
        return d;
    }
}
