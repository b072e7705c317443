package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Path weights = TestData.randomResnetWeights(dir, 5);
        Path q = dir.resolve("int8.safetensors");
        CliRunner.Result ptq = CliRunner.run("ptq", "--model", "resnet_fmnist", "--weights", weights.toString(),
                "--calib-method", "entropy", "--num-calib-batches", "2", "--calib-batch-size", "32", "--eval-limit", "200",
                "--skip", "fc", "--output", q.toString(), "--quiet", "--json");
        assertThat(ptq.exitCode()).as(ptq.err()).isZero();
        JsonNode j = Json.mapper().readTree(ptq.lastLine());
        assertThat(j.get("calib_images").asInt()).isEqualTo(64);
        assertThat(j.get("calib_method").asText()).isEqualTo("entropy");
        // the process's peak resident memory is the last field (null only where the OS does not report it)
        assertThat(j.has("peak_rss_bytes")).isTrue();
        if (java.nio.file.Files.isReadable(Path.of("/proc/self/status"))) {
            assertThat(j.get("peak_rss_bytes").asLong()).isGreaterThan(50_000_000L);
        }
        assertThat(j.get("quantizers").asInt()).isEqualTo(37);
        // the FP32 figure is what an evaluation of the float weights on the same images gives
        CliRunner.Result fp = CliRunner.run("eval", "--model", "resnet_fmnist", "--weights", weights.toString(), "--limit", "200",
                "--json");
        assertThat(fp.exitCode()).as(fp.err()).isZero();
        assertThat(j.get("fp32_accuracy").asDouble()).isEqualTo(Json.mapper().readTree(fp.lastLine()).get("accuracy").asDouble());
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

    @Test
    void exactEntropyReportsClippingAndTheDeployedAccuracy() throws Exception {
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(), "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
        Path onnx = dir.resolve("entropy.onnx");
        // no --num-calib-batches: enough batches of 100 for 512 images, i.e. 6 batches, 600 images
        CliRunner.Result ptq = CliRunner.run("ptq", "--model", "resnet_fmnist", "--pretrained", "--calib-method", "entropy",
                "--calib-batch-size", "100", "--eval-limit", "300", "--export", onnx.toString(), "--quiet", "--json");
        assertThat(ptq.exitCode()).as(ptq.err()).isZero();
        assertThat(ptq.out()).contains("calibration: entropy on 600 images in 6 batches");
        JsonNode j = Json.mapper().readTree(ptq.lastLine());
        assertThat(j.get("calib_images").asInt()).isEqualTo(600);
        assertThat(j.get("calib_method").asText()).isEqualTo("entropy");
        JsonNode input = clipping(j, "conv1._input_quantizer");
        assertThat(input).as("exact entropy clips Fashion-MNIST's bright pixels: %s", j.get("warnings")).isNotNull();
        assertThat(input.get("clipped_fraction").asDouble()).isGreaterThan(0.01);
        assertThat(input.get("amax").asDouble()).isLessThan(input.get("max").asDouble());
        assertThat(ptq.out()).contains("warning: conv1._input_quantizer: amax");

        // the figure printed for the ONNX file is the one an independent evaluation of that file gives
        assertThat(j.get("int8_onnx_accuracy").asDouble()).isBetween(0.5, 1.0);
        CliRunner.Result ev = CliRunner.run("eval", "--onnx", onnx.toString(), "--limit", "300", "--json");
        assertThat(ev.exitCode()).as(ev.err()).isZero();
        assertThat(Json.mapper().readTree(ev.lastLine()).get("accuracy").asDouble()).isEqualTo(j.get("int8_onnx_accuracy").asDouble());

        CliRunner.Result bounded = CliRunner.run("ptq", "--model", "resnet_fmnist", "--pretrained", "--calib-method", "entropy",
                "--max-clipped", "0.001", "--calib-batch-size", "100", "--eval-limit", "100", "--quiet", "--json");
        assertThat(bounded.exitCode()).as(bounded.err()).isZero();
        JsonNode b = Json.mapper().readTree(bounded.lastLine());
        assertThat(b.get("calib_method").asText()).isEqualTo("entropy(max_clipped=0.001)");
        assertThat(clipping(b, "conv1._input_quantizer")).as("the bounded search clips at most 0.1 %").isNull();

        CliRunner.Result wrong = CliRunner.run("ptq", "--model", "resnet_fmnist", "--pretrained", "--max-clipped", "0.001");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("--max-clipped").contains("--calib-method entropy");
    }

    private static JsonNode clipping(JsonNode j, String path) {
        for (JsonNode w : j.get("warnings")) {
            if (w.get("kind").asText().equals("clipping") && w.get("path").asText().equals(path)) {
                return w;
            }
        }
        return null;
    }
}
