package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quant4j.checkpoint.ModelCheckpoint;
import io.quant4j.quantization.target.QuantTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ptq --target onnxruntime --output --export}, then {@code export --checkpoint}, {@code eval}
 * of both, {@code bench --compare}; and {@code ptq --target tensorrt --export}. resnet_fmnist with
 * random weights, a slice of Fashion-MNIST.
 */
class PtqTargetFlowTest {
    @TempDir
    Path dir;

    private Path floatWeights() throws Exception {
        return TestData.randomResnetWeights(dir, 8);
    }

    @Test
    void onnxRuntimeTargetFromPtqToCheckpointExportEvalAndBench() throws Exception {
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(), "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
        Path weights = floatWeights();
        Path q = dir.resolve("ort.safetensors");
        Path direct = dir.resolve("ort-direct.onnx");
        CliRunner.Result ptq = CliRunner.run("ptq", "--model", "resnet_fmnist", "--weights", weights.toString(),
                "--target", "onnxruntime", "--num-calib-batches", "2", "--calib-batch-size", "32", "--eval-limit", "200",
                "--output", q.toString(), "--export", direct.toString(), "--quiet", "--json");
        assertThat(ptq.exitCode()).as(ptq.err()).isZero();
        JsonNode j = Json.mapper().readTree(ptq.lastLine());
        assertThat(j.get("target").asText()).isEqualTo("onnxruntime");
        assertThat(j.get("quantizers").asInt()).isEqualTo(39);
        assertThat(j.get("onnx").get("top1_agreement").asDouble()).isGreaterThanOrEqualTo(0.99);
        assertThat(Files.isRegularFile(direct)).isTrue();
        assertThat(ModelCheckpoint.info(q).quantization().target()).isEqualTo(QuantTarget.ONNXRUNTIME);

        Path onnx = dir.resolve("ort.onnx");
        CliRunner.Result ex = CliRunner.run("export", "--checkpoint", q.toString(), "--output", onnx.toString(),
                "--verify-batches", "2", "--json");
        assertThat(ex.exitCode()).as(ex.err()).isZero();
        JsonNode e = Json.mapper().readTree(ex.lastLine());
        assertThat(e.get("top1_agreement").asDouble()).isGreaterThanOrEqualTo(0.99);
        assertThat(Files.readAllBytes(onnx)).as("the checkpoint exports the same file as ptq --export").isEqualTo(
                Files.readAllBytes(direct));

        CliRunner.Result javaEval = CliRunner.run("eval", "--checkpoint", q.toString(), "--limit", "200", "--json");
        CliRunner.Result ortEval = CliRunner.run("eval", "--onnx", onnx.toString(), "--limit", "200", "--json");
        assertThat(javaEval.exitCode()).as(javaEval.err()).isZero();
        assertThat(ortEval.exitCode()).as(ortEval.err()).isZero();
        double javaAcc = Json.mapper().readTree(javaEval.lastLine()).get("accuracy").asDouble();
        assertThat(javaAcc).isEqualTo(j.get("int8_accuracy").asDouble());
        assertThat(Json.mapper().readTree(ortEval.lastLine()).get("accuracy").asDouble()).isCloseTo(javaAcc,
                org.assertj.core.data.Offset.offset(0.011));

        Path fp32 = dir.resolve("fp32.onnx");
        assertThat(CliRunner.run("export", "--model", "resnet_fmnist", "--weights", weights.toString(), "--output",
                fp32.toString(), "--no-verify").exitCode()).isZero();
        CliRunner.Result b = CliRunner.run("bench", "--onnx", onnx.toString(), "--compare", fp32.toString(), "--runs", "1",
                "--iterations", "2", "--warmup", "1");
        assertThat(b.exitCode()).as(b.err()).isZero();
        assertThat(b.out()).containsPattern("batch 32: ort\\.onnx runs at [0-9.]+x the images/s of fp32\\.onnx");
    }

    @Test
    void tensorRtTargetExportsDirectlyFromPtq() throws Exception {
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(), "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
        Path onnx = dir.resolve("trt.onnx");
        CliRunner.Result ptq = CliRunner.run("ptq", "--model", "resnet_fmnist", "--weights", floatWeights().toString(),
                "--num-calib-batches", "1", "--calib-batch-size", "32", "--eval-limit", "100", "--export", onnx.toString(),
                "--quiet", "--json");
        assertThat(ptq.exitCode()).as(ptq.err()).isZero();
        JsonNode j = Json.mapper().readTree(ptq.lastLine());
        assertThat(j.get("target").asText()).isEqualTo("tensorrt");
        assertThat(j.get("onnx").get("quantize_linear").asInt()).isPositive();
        assertThat(j.get("onnx").get("top1_agreement").asDouble()).isGreaterThanOrEqualTo(0.99);
        assertThat(Files.isRegularFile(onnx)).isTrue();
    }
}
