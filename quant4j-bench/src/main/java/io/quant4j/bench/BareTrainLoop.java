package io.quant4j.bench;

import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.train.Sgd;
import java.util.Arrays;
import java.util.Locale;

/**
 * The floor of a training step: resnet_fmnist forward + backward + SGD on one fixed random batch
 * of 128, in a scope, with no data pipeline, metrics or checkpoints. Compare with
 * {@link TrainBaseline}'s images/s to see what the trainer adds.
 * {@code BareTrainLoop [steps]} prints images/s and the median step.
 */
public final class BareTrainLoop {
    private BareTrainLoop() {}

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Module m = Models.get("resnet_fmnist", ModelOptions.defaults());
        m.train();
        Sgd opt = new Sgd(m.namedParameters(), 0.9f, false, 5e-4f);
        StepArgs batch = StepArgs.parse(new String[0], 0); // resnet_fmnist's seeded random batch of 128
        int warm = 5;
        long[] t = new long[steps];
        for (int i = 0; i < warm + steps; i++) {
            long t0 = System.nanoTime();
            try (Scope s = Scope.open()) {
                try (Autograd.Recording rec = Autograd.record()) {
                    Tensor loss = m.forward(batch.images()).crossEntropy(batch.labels(), 0f);
                    rec.backward(loss);
                }
                opt.step(0.05f);
            }
            if (i >= warm) {
                t[i - warm] = System.nanoTime() - t0;
            }
        }
        double total = Arrays.stream(t).sum() / 1e9;
        long[] sorted = t.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "RESULT bare loop: %.1f images/s over %d steps, median step %.1f ms%n",
                steps * 128 / total, steps, sorted[steps / 2] / 1e6);
    }
}
