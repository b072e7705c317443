package io.quant4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.quant4j.io.SafeTensors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a training JVM (SIGKILL) in the middle of its second epoch, resumes it, and checks that it
 * ends bit for bit with the weights, optimizer state and accuracy of an uninterrupted run, and that
 * no checkpoint file was ever unreadable.
 */
class KillResumeTest {
    @TempDir
    Path tmp;

    private static Process start(Path run, long paceMs) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-Dai.djl.offline=true", "-Dquant4j.threads=1",
                "-cp", System.getProperty("java.class.path"), TrainChild.class.getName(), run.toString(), Long.toString(paceMs));
        pb.redirectErrorStream(true);
        return pb.start();
    }

    /** Reads the child's output; returns when {@code stop} matches a line (or at the end); keeps all lines. */
    private static String readUntil(Process p, List<String> lines, java.util.function.Predicate<String> stop) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            lines.add(line);
            if (stop.test(line)) {
                return line;
            }
        }
        return null;
    }

    private static String finish(Process p, List<String> lines) throws Exception {
        readUntil(p, lines, l -> false);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("child output:%n%s", String.join("\n", lines)).isZero();
        return lines.stream().filter(l -> l.startsWith("DONE ")).findFirst().orElseThrow();
    }

    @Test
    void killedRunResumesFromTheLastEpochAndMatchesAnUninterruptedRun() throws Exception {
        Path run = tmp.resolve("killed");
        Files.createDirectories(run);
        AtomicBoolean watching = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                for (String f : List.of("ckpt_last.state.safetensors", "ckpt_last.safetensors", "ckpt_best.safetensors")) {
                    Path file = run.resolve(f);
                    try {
                        if (Files.exists(file)) {
                            SafeTensors.Contents c = SafeTensors.read(file);
                            if (c.tensors().isEmpty()) {
                                failure.compareAndSet(null, f + ": no tensors");
                            }
                            reads.incrementAndGet();
                        }
                    } catch (java.nio.file.NoSuchFileException gone) {
                        failure.compareAndSet(null, f + " vanished after it existed: " + gone);
                    } catch (Exception e) {
                        failure.compareAndSet(null, f + ": " + e);
                    }
                }
                for (String f : List.of("ckpt_last.json", "ckpt_best.json", "summary.json")) {
                    Path file = run.resolve(f);
                    try {
                        if (Files.exists(file)) {
                            JsonParser.parseString(Files.readString(file)).getAsJsonObject().size();
                            reads.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failure.compareAndSet(null, f + ": " + e);
                    }
                }
            }
        }, "checkpoint-watcher");
        watcher.setDaemon(true);
        watcher.start();

        List<String> first = new ArrayList<>();
        Process p = start(run, 40);
        String at = readUntil(p, first, l -> l.equals("STEP 1 10"));
        assertThat(at).as("child output:%n%s", String.join("\n", first)).isNotNull();
        assertThat(Checkpoints.resumeState(run)).exists();
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first).contains("STEP 0 31").doesNotContain("STEP 2 0");
        assertThat(Checkpoints.read(run).orElseThrow().epochsCompleted()).isEqualTo(1);

        List<String> second = new ArrayList<>();
        String resumed = finish(start(run, 0), second);
        watching.set(false);
        watcher.join(5000);
        assertThat(second).anyMatch(l -> l.startsWith("resumed " + run + " after epoch 1"));
        assertThat(second).contains("STEP 1 0").doesNotContain("STEP 0 0");
        assertThat(resumed).endsWith("resumedFrom 1");
        assertThat(failure.get()).isNull();
        assertThat(reads.get()).isGreaterThan(10);

        Path straight = tmp.resolve("straight");
        String done = finish(start(straight, 0), new ArrayList<>());
        assertThat(done).endsWith("resumedFrom 0");
        assertThat(resumed.split(" ")[1]).as("final top-1").isEqualTo(done.split(" ")[1]);
        TrainerTest.assertSameRunState(straight, run);
        assertThat(Checkpoints.read(run).orElseThrow().epochsCompleted()).isEqualTo(3);
    }
}
