package io.quant4j.onnx;

import io.quant4j.nn.AdaptiveAvgPool2d;
import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Conv2d;
import io.quant4j.nn.Flatten;
import io.quant4j.nn.Linear;
import io.quant4j.nn.Module;
import io.quant4j.nn.ReLU;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.QuantizationCalibrator;
import io.quant4j.quantization.selective.DefaultMappings;
import io.quant4j.quantization.selective.SelectiveQuantizer;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Small models for the export tests, quantized by the production {@link SelectiveQuantizer}
 * (inputs 8-bit per tensor with histogram calibrators, weights 8-bit max-calibrated, per channel
 * unless asked otherwise) and calibrated by {@link QuantizationCalibrator} on seeded noise.
 */
final class TestNets {
    private TestNets() {}

    /**
     * {@code conv1(1->8) -> BN -> ReLU -> conv2(8->16, stride 2) -> BN -> ReLU -> avgpool -> flatten
     * -> fc(16, 10)}; once quantized, conv1, conv2 and fc quantize input and weight, avgpool its input.
     */
    static final class QuantNet extends Module {
        QuantNet() {
            register("conv1", new Conv2d(1, 8, 3, 1, 1, false));
            register("bn1", new BatchNorm2d(8));
            register("relu", new ReLU());
            register("conv2", new Conv2d(8, 16, 3, 2, 1, false));
            register("bn2", new BatchNorm2d(16));
            register("avgpool", new AdaptiveAvgPool2d(1));
            register("flatten", new Flatten(1));
            register("fc", new Linear(16, 10));
        }

        @Override
        protected Tensor forwardImpl(Tensor x) {
            Module relu = children().get("relu");
            Tensor y = relu.forward(children().get("bn1").forward(children().get("conv1").forward(x)));
            y = relu.forward(children().get("bn2").forward(children().get("conv2").forward(y)));
            y = children().get("flatten").forward(children().get("avgpool").forward(y));
            return children().get("fc").forward(y);
        }

        /** The quantizer at a dotted path, e.g. {@code fc._input_quantizer}. */
        TensorQuantizer quantizer(String path) {
            return (TensorQuantizer) get(path);
        }
    }

    /** The production quantizer with its defaults, silent; weights per channel or per tensor. */
    static SelectiveQuantizer selective(boolean perChannelWeights) {
        return new SelectiveQuantizer(SelectiveQuantizerParams.defaults().withVerbose(false).withPerChannel(perChannelWeights));
    }

    /** {@link SelectiveQuantizer#registerQuantizationMapping} value that quantizes a Conv2d with these descriptors. */
    static io.quant4j.quantization.selective.QuantizedMetadata conv(QuantDescriptor input, QuantDescriptor weights) {
        return DefaultMappings.table().get(Conv2d.class).withDescriptors(input, weights);
    }

    /** The float net with seeded weights and random BatchNorm statistics. */
    static QuantNet floatNet(long seed) {
        Engines.seed(seed);
        QuantNet net = new QuantNet();
        randomizeBatchNorms(net, seed);
        net.eval();
        return net;
    }

    /** The float net quantized by {@link #selective} and calibrated on noise. */
    static QuantNet quantNet(boolean perChannelWeights, long seed) {
        return quantNet(seed, selective(perChannelWeights));
    }

    /** The float net quantized by {@code sq} and calibrated on noise. */
    static QuantNet quantNet(long seed, SelectiveQuantizer sq) {
        QuantNet net = floatNet(seed);
        sq.quantize(net);
        calibrate(net, seed + 100, 1, 28, 28);
        return net;
    }

    /**
     * Calibrates every enabled quantizer with {@link QuantizationCalibrator} on 2 batches of 8
     * seeded standard-normal inputs of the given sample shape (the percentile method for histograms).
     */
    static void calibrate(Module m, long seed, long... sample) {
        List<Supplier<Tensor>> noise = new ArrayList<>();
        for (ImageBatch b : batches(2, 8, seed, sample)) {
            noise.add(() -> Tensor.fromFloats(b.data(), b.shape()));
        }
        new QuantizationCalibrator(false).calibrate(m, noise.iterator(), CalibrationParams.defaults().withBatches(2));
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

    /** Leaves one quantizer uncalibrated (dynamic amax): it is disabled while the others calibrate. */
    static QuantNet withUncalibrated(long seed, String quantizer) {
        QuantNet net = floatNet(seed);
        selective(true).quantize(net);
        net.quantizer(quantizer).disable();
        calibrate(net, seed + 100, 1, 28, 28);
        net.quantizer(quantizer).enable();
        return net;
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
