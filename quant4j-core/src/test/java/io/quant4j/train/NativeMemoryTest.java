package io.quant4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.data.DataLoader;
import io.quant4j.data.LoaderOptions;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.tensor.Engines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training must free every step's tensors: no arrays left behind, no resident memory growth. */
class NativeMemoryTest {
    @TempDir
    Path tmp;

    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    @Test
    void epochsLeaveNoArraysBehind() {
        List<Integer> counts = new ArrayList<>();
        TrainingParams p = TrainingParams.builder().epochs(5).batchSize(32).lr(0.02).ema(true).emaDecay(0.9).build();
        Module model = Models.get("resnet_fmnist", ModelOptions.defaults());
        new Trainer(p).progress(ProgressMode.NONE).metricsEvery(3).callback(new TrainingCallback() {
            @Override
            public void onEpochEnd(TrainingContext ctx, EpochMetrics m) {
                counts.add(Engines.root().getManagedArrays().size());
            }
        }).fit(model, new DataLoader(Synthetic.make(224, 12, 5), LoaderOptions.training(32)),
                new DataLoader(Synthetic.make(64, 12, 6), LoaderOptions.evaluation(32)), tmp.resolve("arrays"));
        model.close();
        assertThat(counts).hasSize(5);
        assertThat(counts.subList(1, 5)).as("arrays held by the root manager after each epoch").containsOnly(counts.get(1));
    }

    @Test
    void manyStepsDoNotGrowResidentMemory() throws Exception {
        Assumptions.assumeTrue(rssKb() > 0, "needs /proc/self/status (Linux) to read VmRSS");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), RssChild.class.getName(), tmp.resolve("rss").toString(), "16");
        pb.redirectErrorStream(true);
        Process proc = pb.start();
        List<long[]> samples = new ArrayList<>();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(line);
                if (line.startsWith("RSS ")) {
                    String[] f = line.split(" ");
                    samples.add(new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                }
            }
        }
        assertThat(proc.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(proc.exitValue()).as("child output:%n%s", String.join("\n", out)).isZero();
        long early = median(samples.stream().filter(s -> s[0] >= 100 && s[0] < 200).mapToLong(s -> s[1]).toArray());
        long late = median(samples.stream().filter(s -> s[0] >= 220).mapToLong(s -> s[1]).toArray());
        System.out.printf("resident memory: median %d MiB over steps 100-199, median %d MiB over steps 220-319%n", early / 1024, late / 1024);
        // a leaked step graph costs megabytes per step: 120 steps apart that is far beyond this bound, while the
        // allocator's own fluctuations (seen: +-15 MiB between samples) stay well inside it
        assertThat(late - early).as("RSS growth in KiB, samples %s",
                samples.stream().map(s -> s[0] + ":" + s[1] / 1024 + "M").toList()).isLessThan(32 * 1024);
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }
}
