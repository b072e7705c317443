package io.quant4j.bench;

import io.quant4j.data.DataLoader;
import io.quant4j.data.Dataset;
import io.quant4j.data.Datasets;
import io.quant4j.data.LoaderOptions;
import io.quant4j.data.Normalize;
import io.quant4j.data.Split;
import io.quant4j.io.AtomicFiles;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.nn.StateDict;
import io.quant4j.tensor.Engines;
import io.quant4j.train.EpochMetrics;
import io.quant4j.train.EvalResult;
import io.quant4j.train.Evaluator;
import io.quant4j.train.ProgressMode;
import io.quant4j.train.Trainer;
import io.quant4j.train.TrainingCallback;
import io.quant4j.train.TrainingContext;
import io.quant4j.train.TrainingParams;
import io.quant4j.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The FP32 reference workload of DESIGN.md through {@link Trainer}: {@code resnet_fmnist}, seed 0,
 * Fashion-MNIST normalized {@code (u8/255 - 0.2860)/0.3530}, no augmentation, batch 128 (last
 * partial batch kept), SGD momentum 0.9, weight decay 5e-4 on all parameters,
 * {@code lr = 0.05 * (1 + cos(pi * step / total_steps))}; the 10k test set is evaluated after
 * every epoch. Prints test accuracy per epoch and the training images/s.
 *
 * <pre>
 *   java -cp 'quant4j-bench/target/quant4j-bench-0.1.0-SNAPSHOT.jar:quant4j-bench/target/lib/*' \
 *       io.quant4j.bench.TrainBaseline --epochs 3 --run-dir runs/baseline [--save weights.safetensors]
 *       [--train-limit N] [--progress bar|log|none]
 * </pre>
 */
public final class TrainBaseline {
    private TrainBaseline() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = parse(args);
        int epochs = Integer.parseInt(opt.getOrDefault("epochs", "3"));
        Path runDir = Path.of(opt.getOrDefault("run-dir", "runs/baseline-" + epochs + "ep-" + System.currentTimeMillis()));
        int limit = Integer.parseInt(opt.getOrDefault("train-limit", "0"));
        ProgressMode progress = ProgressMode.valueOf(opt.getOrDefault("progress", "log").toUpperCase(Locale.ROOT));

        Dataset trainSet = Datasets.fashionMnist(Split.TRAIN);
        if (limit > 0) {
            trainSet = trainSet.slice(0, limit);
        }
        Dataset testSet = Datasets.fashionMnist(Split.TEST);
        DataLoader train = new DataLoader(trainSet, LoaderOptions.training(128).withTransform(Normalize.FASHION_MNIST));
        DataLoader test = new DataLoader(testSet, LoaderOptions.evaluation(500).withTransform(Normalize.FASHION_MNIST));
        TrainingParams params = TrainingParams.builder().epochs(epochs).seed(0).build();
        Module model = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(params.seed()));

        System.out.printf(Locale.ROOT, "resnet_fmnist FP32 baseline: %d epochs, %d train images (%d steps/epoch), %d test images,"
                + " %d torch threads, params %s%n", epochs, train.numExamples(), train.numBatches(), testSet.size(),
                Engines.threads(), params.toMap());
        TrainingResult r = new Trainer(params).progress(progress).callback(new TrainingCallback() {
            @Override
            public void onEpochEnd(TrainingContext ctx, EpochMetrics m) {
                System.out.printf(Locale.ROOT, "RESULT epoch %d: test top1 %.2f %% top5 %.2f %% | train loss %.4f, %.1f images/s (%.1f s)%n",
                        m.epoch() + 1, m.validation().top1() * 100, m.validation().top5() * 100, m.trainLoss(),
                        m.imagesPerSecond(), m.trainSeconds());
            }
        }).fit(model, train, test, runDir);
        System.out.printf(Locale.ROOT, "RESULT final: test top1 %.2f %% after %d epochs (best %.2f %% at epoch %d); training %.1f images/s,"
                        + " median step %.1f ms; run folder %s%n", r.finalTop1() * 100, r.epochs(), r.bestTop1() * 100,
                r.bestEpoch() + 1, r.imagesPerSecond(), r.medianStepMs(), runDir.toAbsolutePath());

        String save = opt.get("save");
        if (save != null) {
            Path out = Path.of(save);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "pt");
            meta.put("model", "resnet_fmnist");
            meta.put("recipe", "SGD momentum 0.9, wd 5e-4 (all), batch 128, lr 0.05*(1+cos(pi*step/total)), seed 0, "
                    + epochs + " epochs, no augmentation");
            meta.put("fashion_mnist_test_top1", String.format(Locale.ROOT, "%.4f", r.finalTop1()));
            StateDict.save(model, out, meta);
            String sha = Models.sha256(Files.readAllBytes(out));
            AtomicFiles.writeString(Path.of(save + ".sha256"), sha + "\n");
            try (Module check = Models.get("resnet_fmnist", ModelOptions.defaults().withWeights(out))) {
                EvalResult e = Evaluator.evaluate(check, test);
                System.out.printf(Locale.ROOT, "RESULT saved %s (sha256 %s), reloaded test top1 %.2f %%%n", out, sha, e.top1() * 100);
            }
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, found '" + args[i] + "'");
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }
}
