package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quant4j.checkpoint.ModelCheckpoint;
import io.quant4j.nn.Module;
import io.quant4j.quantization.TensorQuantizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe flow on a slice: PTQ then 2 QAT epochs; the QAT run is SIGKILLed during its second
 * epoch (the child JVM, {@link PausingCliChild}, pauses there until killed), resumed, and every
 * quantizer keeps the amax PTQ gave it.
 */
class QatFlowTest {
    @TempDir
    Path dir;

    private static final List<String> SLICE = List.of(
            "--set", "dataset_params.train_subset=4096", "--set", "dataset_params.val_subset=256",
            "--set", "training_hyperparams.max_epochs=2", "--set", "quantization_params.calib_params.num_calib_batches=2");

    @Test
    void qatSurvivesSigkillAndKeepsEveryAmax() throws Exception {
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(), "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
        Path run = dir.resolve("run");
        Path last = run.resolve("qat").resolve("ckpt_last.json");
        Path paused = dir.resolve("paused");
        // the child pauses at its first QAT training step after epoch 1's checkpoint: the kill lands mid-epoch 2
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-Dquant4j.download=false", "-cp", System.getProperty("java.class.path"),
                PausingCliChild.class.getName(), last.toString(), paused.toString(),
                "qat", "--recipe", "../recipes/resnet_fmnist_qat.yaml", "--run-dir", run.toString()));
        cmd.addAll(SLICE);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        // a guard against a hung child only; the child never gets past the pause by itself
        long guard = System.nanoTime() + TimeUnit.MINUTES.toNanos(9);
        while (!Files.exists(paused) && p.isAlive() && System.nanoTime() < guard) {
            Thread.sleep(50);
        }
        boolean alive = p.isAlive();
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(dir.resolve("child.log"));
        assertThat(Files.exists(paused)).as("the child paused in epoch 2; its log:%n%s", log).isTrue();
        assertThat(alive).as("the child was still running when killed").isTrue();
        assertThat(Files.exists(last)).isTrue();
        // the child's stdout and stderr are a file: progress is whole lines, no redrawn bar
        assertThat(log).doesNotContain("\r").contains("calibration finished: 2/2 batches (100%)")
                .containsPattern("(?m)^epoch 1/2 finished: \\d+/\\d+ steps \\(100%\\)")
                .contains("paused: waiting to be killed").doesNotContain("epoch 2/2 finished");
        assertThat(Files.exists(run.resolve("summary.json"))).isFalse();

        List<String> resume = new ArrayList<>(List.of("qat", "--recipe", "../recipes/resnet_fmnist_qat.yaml", "--run-dir",
                run.toString(), "--resume", "--json"));
        resume.addAll(SLICE);
        CliRunner.Result r = CliRunner.run(resume.toArray(new String[0]));
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        JsonNode j = Json.mapper().readTree(r.lastLine());
        assertThat(j.get("qat_epochs").asInt()).isEqualTo(2);
        assertThat(j.get("qat_accuracy").asDouble()).isGreaterThan(0.5);
        JsonNode summary = Json.mapper().readTree(Files.readString(run.resolve("summary.json")));
        assertThat(summary.get("qat_resumed_from_epoch").asInt()).isEqualTo(1);
        assertThat(Files.isRegularFile(Path.of(j.get("qat_onnx").asText()))).isTrue();
        // both ONNX files are evaluated in ONNX Runtime on the whole validation slice, as an independent eval does
        for (String stage : List.of("ptq", "qat")) {
            CliRunner.Result ev = CliRunner.run("eval", "--onnx", j.get(stage + "_onnx").asText(), "--limit", "256", "--json");
            assertThat(ev.exitCode()).as(ev.err()).isZero();
            assertThat(Json.mapper().readTree(ev.lastLine()).get("accuracy").asDouble()).as(stage)
                    .isEqualTo(j.get(stage + "_onnx_accuracy").asDouble());
        }
        assertThat(j.get("warnings").isArray()).isTrue();

        Map<String, float[]> ptq = amax(ModelCheckpoint.load(run.resolve("resnet_fmnist_qat_ptq.safetensors")));
        Map<String, float[]> qat = amax(ModelCheckpoint.load(run.resolve("resnet_fmnist_qat_qat.safetensors")));
        assertThat(qat.keySet()).isEqualTo(ptq.keySet()).hasSize(39);
        ptq.forEach((k, v) -> assertThat(qat.get(k)).as(k).containsExactly(v));
    }

    private static Map<String, float[]> amax(Module m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        m.namedModules().forEach((p, x) -> {
            if (x instanceof TensorQuantizer q) {
                out.put(p, q.amax());
            }
        });
        m.close();
        return out;
    }
}
