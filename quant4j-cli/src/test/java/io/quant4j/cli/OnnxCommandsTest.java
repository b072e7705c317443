package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.nn.StateDict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** export -> eval -> bench through {@link Main}, on resnet_fmnist with random weights and a slice of the test set. */
class OnnxCommandsTest {
    @TempDir
    Path dir;

    private record Out(int code, String stdout, String stderr) {
        JsonNode json() throws Exception {
            String[] lines = stdout.strip().split("\n");
            return Json.mapper().readTree(lines[lines.length - 1]);
        }
    }

    private static Out run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Out(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private Path checkpoint(Map<String, String> meta) throws Exception {
        Path ckpt = dir.resolve("float.safetensors");
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(3))) {
            StateDict.save(m, ckpt, meta);
        }
        return ckpt;
    }

    @Test
    void exportEvalBenchFromAFloatCheckpoint() throws Exception {
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(),
                "the Fashion-MNIST test set is not installed (dataset-fashion-mnist or $QUANT4J_DATA)");
        Path ckpt = checkpoint(Map.of("model", "resnet_fmnist"));
        Path onnx = dir.resolve("m.onnx");
        Out ex = run("export", "--checkpoint", ckpt.toString(), "--output", onnx.toString(), "--json");
        assertThat(ex.code()).as(ex.stderr()).isZero();
        JsonNode j = ex.json();
        assertThat(j.get("path").asText()).isEqualTo(onnx.toString());
        assertThat(j.get("nodes").asInt()).isPositive();
        assertThat(j.get("quantize_linear").asInt()).isZero();
        assertThat(j.get("max_diff_steps").isNull()).isTrue();
        assertThat(j.get("top1_agreement").asDouble()).isGreaterThanOrEqualTo(0.99);
        assertThat(j.get("verify_data").asText()).isEqualTo("fashion_mnist");
        assertThat(Files.isRegularFile(onnx)).isTrue();

        Out ev = run("eval", "--onnx", onnx.toString(), "--limit", "300", "--json");
        assertThat(ev.code()).as(ev.stderr()).isZero();
        assertThat(ev.json().get("images").asInt()).isEqualTo(300);
        // ONNX Runtime classifies the 300 images as the Java model does
        Out javaEval = run("eval", "--checkpoint", ckpt.toString(), "--limit", "300", "--json");
        assertThat(javaEval.code()).as(javaEval.stderr()).isZero();
        assertThat(ev.json().get("accuracy").asDouble()).isEqualTo(javaEval.json().get("accuracy").asDouble());

        Path other = dir.resolve("unfolded.onnx");
        assertThat(run("export", "--model", "resnet_fmnist", "--checkpoint", ckpt.toString(), "--output", other.toString(),
                "--no-fold-bn", "--no-verify").code()).isZero();
        Out b = run("bench", "--onnx", onnx.toString(), "--compare", other.toString(), "--runs", "2", "--iterations", "3",
                "--warmup", "1", "--json");
        assertThat(b.code()).as(b.stderr()).isZero();
        JsonNode bj = b.json();
        assertThat(bj.get("batch1_p50_ms").asDouble()).isPositive();
        assertThat(bj.get("batch32_images_per_second").asDouble()).isPositive();
        assertThat(bj.get("compare").get("path").asText()).isEqualTo(other.toString());
        assertThat(bj.get("compare").get("batch32_throughput_ratio").asDouble()).isPositive();
    }

    @Test
    void checkpointNeedsAModelNameAndAMatchingArchitecture() throws Exception {
        Path ckpt = dir.resolve("m18.safetensors");
        try (Module m = Models.get("resnet18", ModelOptions.defaults().withClasses(10))) {
            StateDict.save(m, ckpt, Map.of());
        }
        Out bad = run("export", "--checkpoint", ckpt.toString(), "--output", dir.resolve("x.onnx").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.stderr()).contains("--model");
        // 1000-class architecture does not match a 10-class checkpoint: strict load names the key
        Out mismatch = run("export", "--model", "resnet18", "--checkpoint", ckpt.toString(), "--output",
                dir.resolve("x.onnx").toString());
        assertThat(mismatch.code()).isEqualTo(2);
        assertThat(mismatch.stderr()).contains("fc.weight");
        assertThat(Files.exists(dir.resolve("x.onnx"))).isFalse();
    }

    @Test
    void inputsOtherThan28x28AreVerifiedOnSeededRandomData() throws Exception {
        Path ckpt = checkpoint(Map.of("model", "resnet_fmnist"));
        Path onnx = dir.resolve("m32.onnx");
        Out ex = run("export", "--checkpoint", ckpt.toString(), "--output", onnx.toString(), "--input-shape", "2x1x32x32",
                "--verify-batches", "2", "--json");
        assertThat(ex.code()).as(ex.stderr()).isZero();
        assertThat(ex.json().get("verify_data").asText()).isEqualTo("random");
        assertThat(ex.json().get("max_abs_diff").asDouble()).isLessThan(1e-3);
        assertThat(Files.isRegularFile(onnx)).isTrue();
        Out fixed = run("export", "--checkpoint", ckpt.toString(), "--output", dir.resolve("s.onnx").toString(),
                "--input-shape", "2x1x32x32", "--static-batch", "--verify-batches", "1", "--json");
        assertThat(fixed.code()).as(fixed.stderr()).isZero();
        assertThat(fixed.json().get("top1_agreement").asDouble()).isEqualTo(1.0);
    }

    @Test
    void errorsAreReadableAndLeaveNoFile() throws Exception {
        Path ckpt = checkpoint(Map.of("model", "resnet_fmnist"));
        Out toDir = run("export", "--checkpoint", ckpt.toString(), "--output", dir.toString(), "--no-verify");
        assertThat(toDir.code()).isEqualTo(2);
        assertThat(toDir.stderr()).startsWith("error: ").contains("directory");
        Out quantized = run("export", "--checkpoint", checkpointQuantized().toString(), "--output",
                dir.resolve("q.onnx").toString());
        assertThat(quantized.code()).isEqualTo(2);
        assertThat(quantized.stderr()).contains("quantized=true but has no 'quantization' entry");
        Out missing = run("eval", "--onnx", dir.resolve("none.onnx").toString(), "--limit", "10");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.stderr()).contains("none.onnx");
        assertThat(Files.exists(dir.resolve("q.onnx"))).isFalse();
    }

    private Path checkpointQuantized() throws Exception {
        Path p = dir.resolve("q.safetensors");
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            StateDict.save(m, p, Map.of("model", "resnet_fmnist", "quantized", "true"));
        }
        return p;
    }
}
