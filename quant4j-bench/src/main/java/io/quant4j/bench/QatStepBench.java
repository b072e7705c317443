package io.quant4j.bench;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.selective.SelectiveQuantizer;
import io.quant4j.quantization.selective.SelectiveQuantizerParams;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.train.Sgd;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * QAT training step vs FP32 training step of the same model and batch, interleaved step by step
 * (so machine noise hits both alike); medians of the step and of its forward, backward and update.
 *
 * <pre>
 *   quant4j-bench/run QatStepBench resnet_fmnist 128 1x28x28 40
 *   quant4j-bench/run QatStepBench resnet18 8 3x224x224 10
 * </pre>
 *
 * {@code -Dbench.only=fp32|qat} runs one side only (for a profiler).
 */
public final class QatStepBench {
    private QatStepBench() {}

    public static void main(String[] args) {
        StepArgs a = StepArgs.parse(args, 40);
        boolean real = a.model().equals("resnet_fmnist") && a.c() == 1 && a.h() == 28 && a.w() == 28
                && !Boolean.getBoolean("qat.random");
        if (real) {
            // the real workload: Fashion-MNIST training images and the pretrained weights
            var loader = new io.quant4j.data.DataLoader(io.quant4j.data.Datasets.fashionMnist(io.quant4j.data.Split.TRAIN),
                    io.quant4j.data.LoaderOptions.training(a.batch()).withTransform(io.quant4j.data.Normalize.FASHION_MNIST));
            try (var stream = loader.epoch(0)) {
                var b = stream.next();
                System.arraycopy(b.imageData(), 0, a.x(), 0, a.x().length);
                System.arraycopy(b.labelData(), 0, a.y(), 0, a.batch());
            }
        }
        ModelOptions opts = real ? ModelOptions.pretrainedWeights()
                : ModelOptions.defaults().withInChannels((int) a.c()).withClasses(10);
        try (Module fp32 = Models.get(a.model(), opts)) {
            List<Supplier<Tensor>> calib = List.of(a::images);
            Module qat = Ptq.run(fp32, new SelectiveQuantizer(SelectiveQuantizerParams.defaults().withVerbose(false)),
                    calib.iterator(), CalibrationParams.defaults().withBatches(1), false).model();
            String only = System.getProperty("qat.disable", "");
            if (!only.isEmpty()) {
                qat.namedModules().forEach((path, mod) -> {
                    if (mod instanceof io.quant4j.quantization.TensorQuantizer tq && path.matches(only)) {
                        tq.disable();
                    }
                });
            }
            fp32.train();
            qat.train();
            Sgd of = new Sgd(fp32.namedParameters(), 0.9f, false, 5e-4f);
            Sgd oq = new Sgd(qat.namedParameters(), 0.9f, false, 5e-4f);
            int steps = a.steps();
            int warm = Math.max(3, steps / 5);
            double[][] tf = new double[PHASES.length + 1][steps];
            double[][] tq = new double[PHASES.length + 1][steps];
            for (int i = 0; i < warm + steps; i++) {
                String side = System.getProperty("bench.only", "");
                double[] f = side.equals("qat") ? new double[4] : step(fp32, of, a);
                double[] q = side.equals("fp32") ? new double[4] : step(qat, oq, a);
                for (int p = 0; i >= warm && p < f.length; p++) {
                    tf[p][i - warm] = f[p];
                    tq[p][i - warm] = q[p];
                }
            }
            double mf = median(tf[PHASES.length]);
            double mq = median(tq[PHASES.length]);
            System.out.printf("%s, %d threads: FP32 step %.1f ms, QAT step %.1f ms, ratio %.2f (medians of %d interleaved steps)%n",
                    a.describe(), Engines.threads(), mf, mq, mq / mf, steps);
            for (int p = 0; p < PHASES.length; p++) {
                System.out.printf("  %-8s FP32 %6.1f ms, QAT %6.1f ms%n", PHASES[p], median(tf[p]), median(tq[p]));
            }
            System.out.println(Timing.peakRss());
            qat.close();
        }
    }

    private static final String[] PHASES = {"forward", "backward", "update"};

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return Timing.median(c);
    }

    /** Milliseconds of forward (with the loss), backward, optimizer update, and the whole step. */
    private static double[] step(Module m, Sgd opt, StepArgs a) {
        long t0 = System.nanoTime();
        long t1;
        long t2;
        try (Scope s = Scope.open()) {
            try (Autograd.Recording rec = Autograd.record()) {
                Tensor loss = m.forward(a.images()).crossEntropy(a.labels(), 0f);
                loss.item();
                t1 = System.nanoTime();
                rec.backward(loss);
                t2 = System.nanoTime();
            }
            opt.step(0.01f);
        }
        long t3 = System.nanoTime();
        return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t3 - t0) / 1e6};
    }
}
