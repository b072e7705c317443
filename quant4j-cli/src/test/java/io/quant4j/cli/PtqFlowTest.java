package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.nn.StateDict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ptq -> quantized checkpoint -> eval and export (Q/DQ, verified in ORT) on a slice of Fashion-MNIST. */
class PtqFlowTest {
    @TempDir
    Path dir;

    @Test
    void ptqCheckpointEvalAndExport() throws Exception {
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(), "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
        Path weights = dir.resolve("float.safetensors");
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults().withSeed(5))) {
            StateDict.save(m, weights, Map.of());
        }
        Path q = dir.resolve("int8.safetensors");
        CliRunner.Result ptq = CliRunner.run("ptq", "--model", "resnet_fmnist", "--weights", weights.toString(),
                "--calib-method", "entropy", "--num-calib-batches", "2", "--calib-batch-size", "32", "--eval-limit", "200",
                "--skip", "fc", "--output", q.toString(), "--quiet", "--json");
        assertThat(ptq.exitCode()).as(ptq.err()).isZero();
        JsonNode j = Json.mapper().readTree(ptq.lastLine());
        assertThat(j.get("calib_images").asInt()).isEqualTo(64);
        assertThat(j.get("calib_method").asText()).isEqualTo("entropy");
        assertThat(j.get("quantizers").asInt()).isEqualTo(37);
        assertThat(j.get("fp32_accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(Files.isRegularFile(q)).isTrue();

        CliRunner.Result ev = CliRunner.run("eval", "--checkpoint", q.toString(), "--limit", "200", "--json");
        assertThat(ev.exitCode()).as(ev.err()).isZero();
        assertThat(Json.mapper().readTree(ev.lastLine()).get("accuracy").asDouble())
                .isEqualTo(j.get("int8_accuracy").asDouble());

        Path onnx = dir.resolve("int8.onnx");
        CliRunner.Result ex = CliRunner.run("export", "--checkpoint", q.toString(), "--output", onnx.toString(),
                "--verify-batches", "2", "--json");
        assertThat(ex.exitCode()).as(ex.err()).isZero();
        JsonNode e = Json.mapper().readTree(ex.lastLine());
        assertThat(e.get("quantize_linear").asInt()).isPositive();
        assertThat(e.get("max_diff_steps").asDouble()).isLessThanOrEqualTo(2.0);
        assertThat(e.get("top1_agreement").asDouble()).isGreaterThanOrEqualTo(0.99);
    }
}
