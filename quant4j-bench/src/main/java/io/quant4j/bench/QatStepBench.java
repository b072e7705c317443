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
 * (so machine noise hits both alike); medians.
 *
 * <pre>
 *   quant4j-bench/run QatStepBench resnet_fmnist 128 1x28x28 40
 *   quant4j-bench/run QatStepBench resnet18 8 3x224x224 10
 * </pre>
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
            double[] tf = new double[steps];
            double[] tq = new double[steps];
            for (int i = 0; i < warm + steps; i++) {
                double f = step(fp32, of, a);
                double q = step(qat, oq, a);
                if (i >= warm) {
                    tf[i - warm] = f;
                    tq[i - warm] = q;
                }
            }
            Arrays.sort(tf);
            Arrays.sort(tq);
            double mf = Timing.median(tf);
            double mq = Timing.median(tq);
            System.out.printf("%s, %d threads: FP32 step %.1f ms, QAT step %.1f ms, ratio %.2f (medians of %d interleaved steps)%n",
                    a.describe(), Engines.threads(), mf, mq, mq / mf, steps);
            qat.close();
        }
    }

    private static double step(Module m, Sgd opt, StepArgs a) {
        long t0 = System.nanoTime();
        try (Scope s = Scope.open()) {
            try (Autograd.Recording rec = Autograd.record()) {
                Tensor loss = m.forward(a.images()).crossEntropy(a.labels(), 0f);
                rec.backward(loss);
                loss.item();
            }
            opt.step(0.01f);
        }
        return (System.nanoTime() - t0) / 1e6;
    }
}
