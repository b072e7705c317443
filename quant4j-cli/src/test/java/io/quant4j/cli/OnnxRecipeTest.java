package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recipe naming an ONNX file ({@code model: {onnx: ..}}) runs the label-free QAT of {@code qat --onnx}. */
class OnnxRecipeTest {
    @TempDir
    Path dir;

    private Path recipe(String name, String text) throws Exception {
        Path r = dir.resolve(name);
        Files.writeString(r, text);
        return r;
    }

    @Test
    void anOnnxRecipeDistillsTheQuantizedCopyFromTheFile() throws Exception {
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(), "the Fashion-MNIST dataset is not installed");
        Path fp32 = TestData.pretrainedFashionMnistOnnx(dir);
        Path r = recipe("fm_onnx_qat.yaml", """
                experiment_name: fm_onnx_qat
                run_root: %s
                model:
                  onnx: %s
                dataset_params:
                  dataset: fashion_mnist
                  train_subset: 512
                  val_subset: 512
                  train_dataloader_params: {batch_size: 32}
                training_hyperparams:
                  max_epochs: 1
                  optimizer: lamb
                  initial_lr: 1.0e-4
                  optimizer_params: {weight_decay: 0}
                  freeze_bn_stats: true
                  criterion_params: {loss: mse, match: [avgpool/GlobalAveragePool]}
                quantization_params:
                  target: onnxruntime
                """.formatted(dir.resolve("runs"), fp32));
        Path run = dir.resolve("run");
        CliRunner.Result q = CliRunner.run("qat", "--recipe", r.toString(), "--run-dir", run.toString(), "--json");
        assertThat(q.exitCode()).as(q.err() + q.out()).isZero();
        JsonNode j = Json.mapper().readTree(q.lastLine());
        System.out.println(q.out().lines().filter(l -> l.startsWith("  ")).reduce("", (a, b) -> a + b + "\n"));
        assertThat(q.out()).contains("distillation from the FP32 graph (mse, features of [");
        assertThat(j.get("qat_steps").asInt()).isEqualTo(16);
        assertThat(j.get("qat_sqnr_db").asDouble()).isGreaterThan(j.get("ptq_sqnr_db").asDouble());
        assertThat(j.get("qat_accuracy").asDouble()).isGreaterThan(0.9);
        assertThat(Files.readString(run.resolve("settings.json"))).contains("\"loss\" : \"mse\"")
                .contains("\"match\" : [ \"avgpool/GlobalAveragePool\" ]").contains("\"optimizer\" : \"lamb\"")
                .contains("\"target\" : \"onnxruntime\"");
        assertThat(run.resolve("fm_qat.onnx")).isRegularFile();
    }

    @Test
    void onnxKeysAreRefusedWhereTheyDoNotApplyWithTheirYamlLine() throws Exception {
        Path zoo = recipe("zoo.yaml", """
                experiment_name: zoo
                model: {name: resnet_fmnist}
                training_hyperparams:
                  criterion_params: {loss: mse}
                """);
        CliRunner.Result a = CliRunner.run("qat", "--recipe", zoo.toString());
        assertThat(a.exitCode()).isNotZero();
        assertThat(a.err()).contains("training_hyperparams.criterion_params").contains("zoo.yaml line 4").contains("model.onnx");
        Path missing = recipe("missing.yaml", """
                experiment_name: missing
                model:
                  onnx: %s
                """.formatted(dir.resolve("nope.onnx")));
        CliRunner.Result b = CliRunner.run("qat", "--recipe", missing.toString());
        assertThat(b.exitCode()).isNotZero();
        assertThat(b.err()).contains("model.onnx").contains("no such file").contains("nope.onnx");
        Path both = recipe("both.yaml", """
                experiment_name: both
                model: {onnx: x.onnx, pretrained: true}
                """);
        CliRunner.Result c = CliRunner.run("qat", "--recipe", both.toString());
        assertThat(c.exitCode()).isNotZero();
        assertThat(c.err()).contains("model").contains("its own weights");
        Path shapeForZoo = recipe("shape.yaml", """
                experiment_name: shape
                model: {name: resnet_fmnist, input_shape: [1, 28, 28]}
                """);
        CliRunner.Result d = CliRunner.run("qat", "--recipe", shapeForZoo.toString());
        assertThat(d.exitCode()).isNotZero();
        assertThat(d.err()).contains("input_shape").contains("with onnx only");
    }
}
