package io.quant4j.bench;

import io.quant4j.data.Augmentation;
import io.quant4j.data.Batch;
import io.quant4j.data.BatchStream;
import io.quant4j.data.DataLoader;
import io.quant4j.data.ImageFolderDataset;
import io.quant4j.data.InputSpec;
import io.quant4j.data.LoaderOptions;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.EvalMode;
import io.quant4j.nn.Module;
import io.quant4j.tensor.Engines;
import io.quant4j.tensor.Scope;
import io.quant4j.train.EvalResult;
import io.quant4j.train.Evaluator;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Image-folder loading against the model that consumes it, at 3x224x224 from JPEG (issue 14's
 * throughput figure): images/s of the loader alone (decode, torchvision's ImageNet evaluation
 * preprocessing {@code Resize(256) + CenterCrop(224)} and the training one
 * {@code RandomResizedCrop(224) + flip}, ToTensor, Normalize, on one worker per core with
 * prefetch), images/s of resnet18's FP32 forward alone (batch 32, no gradients), and the two
 * together (evaluation of the folder). Each figure is the median of {@code runs} passes after one
 * warm-up pass; without a folder, {@code images} JPEGs of 500x375 (ImageNet's typical size) are
 * generated in a temporary folder (deleted afterwards).
 *
 * <pre>quant4j-bench/run LoaderBench [FOLDER|""] [runs] [images]</pre>
 */
public final class LoaderBench {
    private static final int BATCH = 32;

    private LoaderBench() {}

    /**
     * The figures, in images/s.
     *
     * @param evalLoader the loader with evaluation preprocessing
     * @param trainLoader the loader with training preprocessing
     * @param forward resnet18's FP32 forward alone
     * @param together evaluation of the folder (loader and forward sharing the cores)
     */
    public record Figures(double evalLoader, double trainLoader, double forward, double together) {}

    public static void main(String[] args) throws IOException {
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int images = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        if (args.length > 0 && !args[0].isEmpty()) {
            run(Path.of(args[0]), runs);
            return;
        }
        Path tmp = Files.createTempDirectory("quant4j-loader-bench");
        try {
            run(generate(tmp, images), runs);
        } finally {
            try (var walk = Files.walk(tmp)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Measures and prints the figures for the images of {@code folder} (one subfolder per class). */
    public static Figures run(Path folder, int runs) {
        int workers = Runtime.getRuntime().availableProcessors();
        InputSpec spec = InputSpec.IMAGENET;
        System.out.printf(Locale.ROOT, "quant4j LoaderBench: %s, %d cores, %d loader workers, %d PyTorch threads, batch %d, median of %d%n",
                folder, workers, workers, Engines.threads(), BATCH, runs);

        DataLoader eval = loader(folder, spec, Augmentation.NONE, workers);
        DataLoader train = loader(folder, spec, new Augmentation(true, true, 0), workers);
        double evalIps = median(runs, () -> drain(eval));
        System.out.printf(Locale.ROOT, "loader, eval preprocessing (Resize 256, CenterCrop 224): %.0f images/s%n", evalIps);
        double trainIps = median(runs, () -> drain(train));
        System.out.printf(Locale.ROOT, "loader, training preprocessing (RandomResizedCrop 224, flip): %.0f images/s%n", trainIps);

        try (Module resnet18 = Models.get("resnet18", ModelOptions.defaults())) {
            Batch one;
            try (BatchStream s = eval.epoch(0)) {
                one = s.next();
            }
            Batch batch = one;
            double fwdIps = median(runs, () -> {
                long t0 = System.nanoTime();
                EvalMode.run(resnet18, () -> {
                    for (int i = 0; i < 4; i++) {
                        try (Scope step = Scope.open()) {
                            resnet18.forward(batch.images()).toFloatArray();
                        }
                    }
                    return null;
                });
                return 4.0 * batch.size() / ((System.nanoTime() - t0) / 1e9);
            });
            System.out.printf(Locale.ROOT, "resnet18 FP32 forward alone, batch %d: %.1f images/s%n", BATCH, fwdIps);
            double together = median(runs, () -> {
                EvalResult r = Evaluator.evaluate(resnet18, eval);
                return r.imagesPerSecond();
            });
            System.out.printf(Locale.ROOT, "resnet18 evaluation of the folder (loader + forward): %.1f images/s (%.0f %% of the forward alone)%n",
                    together, 100 * together / fwdIps);
            System.out.printf(Locale.ROOT, "loader / forward: eval preprocessing %.1fx, training preprocessing %.1fx (issue 14 asks >= 2x)%n",
                    evalIps / fwdIps, trainIps / fwdIps);
            return new Figures(evalIps, trainIps, fwdIps, together);
        }
    }

    private static DataLoader loader(Path folder, InputSpec spec, Augmentation aug, int workers) {
        return new DataLoader(ImageFolderDataset.labelled(folder, spec, aug, false),
                LoaderOptions.evaluation(BATCH).withWorkers(workers).withTransform(spec.normalize()));
    }

    /** Reads one epoch; returns images/s. */
    private static double drain(DataLoader loader) {
        long t0 = System.nanoTime();
        int n = 0;
        try (BatchStream s = loader.epoch(0)) {
            for (Batch b : s) {
                n += b.size();
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private interface Rate {
        double measure();
    }

    private static double median(int runs, Rate r) {
        r.measure();
        double[] v = new double[runs];
        for (int i = 0; i < runs; i++) {
            v[i] = r.measure();
        }
        java.util.Arrays.sort(v);
        return Timing.median(v);
    }

    /** {@code count} JPEGs (quality 0.9) of 500x375 or 375x500 in 8 class folders: smooth scenes with texture, like photographs. */
    public static Path generate(Path dir, int count) throws IOException {
        SplittableRandom rng = new SplittableRandom(14);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = writer.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.9f);
        for (int i = 0; i < count; i++) {
            boolean portrait = i % 4 == 3;
            int w = portrait ? 375 : 500;
            int h = portrait ? 500 : 375;
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            double fx = 0.01 + 0.05 * rng.nextDouble();
            double fy = 0.01 + 0.05 * rng.nextDouble();
            int base = rng.nextInt(1 << 24);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double s = Math.sin(x * fx) * Math.cos(y * fy);
                    int noise = rng.nextInt(24);
                    int r = clamp(((base >> 16) & 0xFF) / 2 + (int) (60 * s) + noise);
                    int g = clamp(((base >> 8) & 0xFF) / 2 + (int) (60 * Math.sin(s + x * 0.003)) + noise);
                    int b = clamp((base & 0xFF) / 2 + (int) (50 * Math.cos(y * 0.02)) + noise);
                    img.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            Path f = dir.resolve("c" + (i % 8)).resolve(String.format("%03d.jpg", i));
            Files.createDirectories(f.getParent());
            try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(img, null, null), p);
            }
        }
        writer.dispose();
        return dir;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
