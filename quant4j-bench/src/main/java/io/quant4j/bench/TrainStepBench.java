package io.quant4j.bench;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.train.Sgd;

/**
 * Forward + backward + SGD step time of a zoo model on random data, median of N steps.
 *
 * <pre>
 *   quant4j-bench/run TrainStepBench resnet_fmnist 128 1x28x28
 *   quant4j-bench/run TrainStepBench resnet18 8 3x224x224
 * </pre>
 * Prints ms/step and images/s; thread count from {@code -Dquant4j.threads} (default: all cores).
 */
public final class TrainStepBench {
    private TrainStepBench() {}

    public static void main(String[] args) {
        StepArgs a = StepArgs.parse(args, 30);
        try (Module m = Models.get(a.model(), ModelOptions.defaults().withInChannels((int) a.c()).withClasses(10))) {
            m.train();
            Sgd opt = new Sgd(m.namedParameters(), 0.9f, false, 5e-4f);
            double[] ms = Timing.measure(Math.max(3, a.steps() / 5), a.steps(), () -> {
                try (Scope s = Scope.open()) {
                    try (Autograd.Recording rec = Autograd.record()) {
                        Tensor loss = m.forward(a.images()).crossEntropy(a.labels(), 0f);
                        rec.backward(loss);
                        loss.item();
                    }
                    opt.step(0.01f);
                }
            });
            double med = Timing.median(ms);
            System.out.printf("%s, %d threads: forward+backward+SGD median %.1f ms/step (p90 %.1f), %.0f images/s%n",
                    a.describe(), Engines.threads(), med, Timing.p90(ms), a.batch() / (med / 1000));
            System.out.println(Timing.peakRss());
        }
    }
}
