package io.quant4j.bench;

import io.quant4j.data.DataLoader;
import io.quant4j.data.Datasets;
import io.quant4j.data.LoaderOptions;
import io.quant4j.data.Normalize;
import io.quant4j.data.Split;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.train.ProgressMode;
import io.quant4j.train.Sgd;
import io.quant4j.train.Trainer;
import io.quant4j.train.TrainingParams;
import io.quant4j.train.TrainingResult;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Locale;

/**
 * What {@link Trainer} adds to a bare step, measured in alternating rounds in one JVM so that load
 * from other processes hits both alike: each round runs {@code steps} bare steps
 * (forward + backward + SGD on one fixed batch of 128) and {@code steps} trainer steps (real
 * Fashion-MNIST batches through the prefetching loader, metrics, schedule). Prints the median
 * step of each per round. {@code TrainerOverhead [rounds] [steps]}
 */
public final class TrainerOverhead {
    private TrainerOverhead() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        DataLoader train = new DataLoader(Datasets.fashionMnist(Split.TRAIN), LoaderOptions.training(128).withTransform(Normalize.FASHION_MNIST));
        Module bare = Models.get("resnet_fmnist", ModelOptions.defaults());
        bare.train();
        Sgd opt = new Sgd(bare.namedParameters(), 0.9f, false, 5e-4f);
        StepArgs batch = StepArgs.parse(new String[0], 0); // resnet_fmnist's seeded random batch of 128
        double[] bareMs = new double[rounds];
        double[] trainerMs = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            long[] t = new long[steps];
            for (int i = 0; i < steps + 3; i++) {
                long t0 = System.nanoTime();
                try (Scope s = Scope.open()) {
                    try (Autograd.Recording rec = Autograd.record()) {
                        rec.backward(bare.forward(batch.images()).crossEntropy(batch.labels(), 0f));
                    }
                    opt.step(0.05f);
                }
                if (i >= 3) {
                    t[i - 3] = System.nanoTime() - t0;
                }
            }
            Arrays.sort(t);
            bareMs[round] = t[steps / 2] / 1e6;
            Module m = Models.get("resnet_fmnist", ModelOptions.defaults());
            TrainingParams p = TrainingParams.builder().epochs(1).maxStepsPerEpoch(steps).build();
            TrainingResult res = new Trainer(p).progress(ProgressMode.NONE).fit(m, train, null, Files.createTempDirectory("overhead"));
            trainerMs[round] = res.medianStepMs();
            m.close();
            System.out.printf(Locale.ROOT, "round %d: bare median step %.1f ms (%.0f images/s), trainer median step %.1f ms (%.0f images/s)%n",
                    round + 1, bareMs[round], 128e3 / bareMs[round], trainerMs[round], 128e3 / trainerMs[round]);
        }
        double[] ratio = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            ratio[i] = trainerMs[i] / bareMs[i];
        }
        Arrays.sort(ratio);
        System.out.printf(Locale.ROOT, "RESULT trainer/bare step time, median of %d rounds: %.3f (per round sorted: %s)%n",
                rounds, ratio[rounds / 2], Arrays.toString(Arrays.stream(ratio).map(v -> Math.round(v * 1000) / 1000.0).toArray()));
    }
}
