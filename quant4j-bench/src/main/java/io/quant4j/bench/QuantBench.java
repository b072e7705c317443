package io.quant4j.bench;

import io.quant4j.nn.Conv2d;
import io.quant4j.quantization.QuantDescriptor;
import io.quant4j.quantization.QuantGrid;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.calib.AmaxMethod;
import io.quant4j.quantization.calib.HistogramCalibrator;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times the quantization hot paths and prints one line per figure (median of N runs after warm-up):
 * <ul>
 *   <li>histogram {@code collect} of a 32x64x56x56 activation (6.4 M values), first batch and a
 *       later batch within range;
 *   <li>{@code entropy} and {@code mse} amax of the resulting 2048-bin histogram;
 *   <li>fake-quant forward+backward of that activation (per-tensor, calibrated amax) against the
 *       forward+backward of the 3x3 64->64 convolution on it.
 * </ul>
 * Usage: {@code java -Dai.djl.offline=true -cp 'quant4j-bench/target/quant4j-bench-0.1.0-SNAPSHOT.jar:quant4j-bench/target/lib/*'
 * io.quant4j.bench.QuantBench [runs]}
 */
public final class QuantBench {
    private QuantBench() {}

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        Engines.seed(0);
        System.out.printf(Locale.ROOT, "quant4j QuantBench: %d runs per figure (median), %d PyTorch threads, %d cores%n",
                runs, Engines.threads(), Runtime.getRuntime().availableProcessors());
        long[] shape = {32, 64, 56, 56};
        try (Scope root = Scope.open()) {
            Tensor x = Tensor.randn(shape);
            Tensor x2 = Tensor.randn(shape).mul(0.5f);
            histogram(x, x2, runs);
            fakeQuantVsConv(x, runs);
        }
    }

    private static void histogram(Tensor x, Tensor x2, int runs) {
        QuantGrid grid = QuantGrid.INT8;
        // a new handle per run: calibrators remember the last tensors they read (by handle), and a
        // benchmark of one tensor read again would time that memory, not the collection
        double first = median(runs, () -> new HistogramCalibrator(grid, null, "bench").collect(Tensor.of(x.ndArray())));
        HistogramCalibrator h = new HistogramCalibrator(grid, null, "bench");
        h.collect(x);
        double later = median(runs, () -> h.collect(Tensor.of(x2.ndArray())));
        System.out.printf(Locale.ROOT, "histogram collect, %d values: first batch %.1f ms, later batch %.1f ms%n",
                x.size(), first, later);
        double entropy = median(runs, () -> h.computeAmax(AmaxMethod.entropy()));
        double mse = median(runs, () -> h.computeAmax(AmaxMethod.mse()));
        double pct = median(runs, () -> h.computeAmax(AmaxMethod.percentile(99.99)));
        System.out.printf(Locale.ROOT, "histogram amax, %d bins: entropy %.1f ms (amax %.4f), mse %.1f ms (amax %.4f),"
                        + " percentile %.3f ms%n", h.numBins(), entropy, h.computeAmax(AmaxMethod.entropy()).get(0),
                mse, h.computeAmax(AmaxMethod.mse()).get(0), pct);
    }

    private static void fakeQuantVsConv(Tensor input, int runs) {
        Tensor x = Tensor.of(input.ndArray().duplicate()).requiresGrad(true);
        Tensor up = Tensor.randn(input.shape());
        try (TensorQuantizer q = new TensorQuantizer(QuantDescriptor.INT8_PER_TENSOR.withAmax(3.5f));
             Conv2d conv = new Conv2d(64, 64, 3, 1, 1, false)) {
            double fqInfer = median(runs, () -> {
                try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
                    q.forward(x);
                }
            });
            Runnable fq = () -> {
                try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
                    rec.backward(q.forward(x), up);
                }
            };
            Runnable cv = () -> {
                try (Scope s = Scope.open(); Autograd.Recording rec = Autograd.record()) {
                    rec.backward(conv.forward(x), up);
                }
            };
            // interleaved, so that both see the same machine load; ratio per round
            for (int i = 0; i < Math.max(2, runs / 5); i++) {
                fq.run();
                cv.run();
            }
            double[] tf = new double[runs];
            double[] tc = new double[runs];
            double[] ratio = new double[runs];
            for (int i = 0; i < runs; i++) {
                tf[i] = time(fq);
                tc[i] = time(cv);
                ratio[i] = tf[i] / tc[i];
            }
            System.out.printf(Locale.ROOT, "fake quant %s: forward (no grad) %.1f ms; forward+backward median %.1f ms (min %.1f);"
                            + " conv3x3 64->64 forward+backward median %.1f ms (min %.1f); fake quant / conv: median of"
                            + " per-round ratios %.1f %%, ratio of minima %.1f %%%n",
                    Arrays.toString(input.shape()), fqInfer, med(tf), min(tf), med(tc), min(tc), 100 * med(ratio),
                    100 * min(tf) / min(tc));
        }
    }

    private static double time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double med(double[] v) {
        double[] t = v.clone();
        Arrays.sort(t);
        return t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    /** Median wall time in ms of {@code runs} calls after {@code max(2, runs / 5)} warm-up calls. */
    static double median(int runs, Runnable body) {
        for (int i = 0; i < Math.max(2, runs / 5); i++) {
            body.run();
        }
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            t[i] = time(body);
        }
        return med(t);
    }
}
