package io.quant4j.bench;

import io.quant4j.data.Batch;
import io.quant4j.data.BatchStream;
import io.quant4j.data.DataLoader;
import io.quant4j.data.Datasets;
import io.quant4j.data.LoaderOptions;
import io.quant4j.data.Normalize;
import io.quant4j.data.Split;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.quantization.CalibMethod;
import io.quant4j.quantization.calib.AmaxMethod;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.CalibrationResult;
import io.quant4j.quantization.ptq.QuantizationCalibrator;
import io.quant4j.quantization.selective.SelectiveQuantizer;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Calibration speed of resnet_fmnist on 512 Fashion-MNIST training images (4 batches of 128):
 * the forward pass with every quantizer observing, plus computing every amax. Each run quantizes
 * a fresh copy of the model; prints every run and the median.
 *
 * <pre>quant4j-bench/run CalibrationBench [entropy|percentile|mse|max] [runs]</pre>
 */
public final class CalibrationBench {
    private CalibrationBench() {}

    public static void main(String[] args) {
        String method = args.length > 0 ? args[0] : "entropy";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean pretrained = Models.class.getResource("resnet_fmnist.safetensors") != null;
        Module fp32 = Models.get("resnet_fmnist", pretrained ? ModelOptions.pretrainedWeights() : ModelOptions.defaults());
        DataLoader loader = new DataLoader(Datasets.fashionMnist(Split.TRAIN),
                LoaderOptions.evaluation(128).withShuffle(true).withTransform(Normalize.FASHION_MNIST));
        List<Batch> batches = new ArrayList<>();
        try (BatchStream s = loader.epoch(0)) {
            for (int i = 0; i < 4 && s.hasNext(); i++) {
                batches.add(s.next());
            }
        }
        boolean max = method.equals("max");
        AmaxMethod histogram = max ? AmaxMethod.percentile() : AmaxMethod.parse(method, 99.99);
        double[] ips = new double[runs];
        for (int r = 0; r < runs; r++) {
            Module q = fp32.deepCopy();
            new SelectiveQuantizer(SelectiveQuantizerParams.defaults().withVerbose(false)
                    .withCalibratorI(max ? CalibMethod.MAX : CalibMethod.HISTOGRAM)).quantize(q);
            Iterator<Supplier<Tensor>> it = batches.stream().map(b -> (Supplier<Tensor>) b::images).iterator();
            CalibrationResult res = new QuantizationCalibrator(false).calibrate(q, it,
                    CalibrationParams.defaults().withMethod(histogram).withBatches(4));
            ips[r] = res.imagesPerSecond();
            System.out.printf("run %d: %s, %d images in %.3f s = %.0f images/s%n", r, method, res.images(), res.seconds(), ips[r]);
            q.close();
        }
        Arrays.sort(ips);
        System.out.printf("resnet_fmnist calibration (%s, 512 images, %d threads, %s weights): median %.0f images/s over %d runs%n",
                method, Engines.threads(), pretrained ? "pretrained" : "random", ips[runs / 2], runs);
        System.out.println(Timing.peakRss());
    }
}
