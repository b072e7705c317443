package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.fasterxml.jackson.databind.JsonNode;
import io.quant4j.onnx.OnnxChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ptq --export --fp16} and {@code export --fp16}: the written file has float16 float parts
 * and float32 inputs and outputs, and both verifications are printed (the float32 graph against
 * Java, the float16 file against the float32 graph); the combinations that cannot work are refused
 * before any work. resnet_fmnist with random weights, a slice of Fashion-MNIST.
 */
class Fp16ExportCommandTest {
    @TempDir
    Path dir;

    private Path floatWeights() throws Exception {
        return TestData.randomResnetWeights(dir, 8);
    }

    private static long floatInitializers(ModelProto m, int type) {
        return m.getGraph().getInitializerList().stream().filter(t -> t.getDataType() == type).count();
    }

    @Test
    void ptqExportsAVerifiedFloat16File() throws Exception {
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(), "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
        Path onnx = dir.resolve("q16.onnx");
        CliRunner.Result ptq = CliRunner.run("ptq", "--model", "resnet_fmnist", "--weights", floatWeights().toString(),
                "--num-calib-batches", "2", "--calib-batch-size", "32", "--eval-limit", "200", "--export", onnx.toString(), "--fp16",
                "--quiet", "--json");
        assertThat(ptq.exitCode()).as(ptq.err()).isZero();
        assertThat(ptq.out()).contains("the float32 graph (not written) against the Java forward")
                .contains("the float16 file against that float32 graph, both in ONNX Runtime on the same inputs");
        JsonNode o = Json.mapper().readTree(ptq.lastLine()).get("onnx");
        assertThat(o.get("fp16").asBoolean()).isTrue();
        JsonNode f = o.get("float16");
        assertThat(f.get("passed").asBoolean()).isTrue();
        assertThat(f.get("samples").asInt()).isEqualTo(200);
        assertThat(f.get("relative_diff").asDouble()).isPositive().isLessThanOrEqualTo(f.get("max_relative_diff_bound").asDouble());
        ModelProto m = OnnxChecker.read(onnx);
        assertThat(m.getOpsetImport(0).getVersion()).isEqualTo(19);
        assertThat(o.get("bytes").asLong()).isEqualTo(Files.size(onnx));
        assertThat(floatInitializers(m, TensorProto.DataType.FLOAT16.getNumber())).isPositive();
        assertThat(m.getGraph().getInitializerList()).filteredOn(t -> t.getDataType() == TensorProto.DataType.FLOAT.getNumber())
                .allSatisfy(t -> assertThat(t.getName()).endsWith("_float32"));
        assertThat(m.getGraph().getInput(0).getType().getTensorType().getElemType()).isEqualTo(TensorProto.DataType.FLOAT.getNumber());
        assertThat(m.getGraph().getOutput(0).getType().getTensorType().getElemType()).isEqualTo(TensorProto.DataType.FLOAT.getNumber());
        // the deployed accuracy is measured on the written float16 file
        assertThat(Json.mapper().readTree(ptq.lastLine()).get("int8_onnx_accuracy").asDouble()).isPositive();
    }

    @Test
    void exportWritesAFloatModelInFloat16() throws Exception {
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(), "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
        Path onnx = dir.resolve("f16.onnx");
        CliRunner.Result ex = CliRunner.run("export", "--model", "resnet_fmnist", "--weights", floatWeights().toString(), "--output",
                onnx.toString(), "--fp16", "--verify-batches", "2", "--json");
        assertThat(ex.exitCode()).as(ex.err()).isZero();
        JsonNode j = Json.mapper().readTree(ex.lastLine());
        assertThat(j.get("fp16").asBoolean()).isTrue();
        assertThat(j.get("float16").get("passed").asBoolean()).isTrue();
        ModelProto m = OnnxChecker.read(onnx);
        assertThat(floatInitializers(m, TensorProto.DataType.FLOAT.getNumber())).isZero();
        assertThat(m.getGraph().getNodeList()).filteredOn(n -> n.getOpType().equals("Cast")).hasSize(2);
    }

    @Test
    void theRecipeKeyExportsTheFlowsFileInFloat16() throws Exception {
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(), "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
        Path recipe = dir.resolve("fp16.yaml");
        Files.writeString(recipe, "recipe_version: 1\nexperiment_name: fp16\n"
                + "model: {name: resnet_fmnist, checkpoint: " + floatWeights() + "}\n"
                + "dataset_params: {train_subset: 256, val_subset: 200}\n"
                + "quantization_params: {ptq_only: true, calib_params: {num_calib_batches: 1}, export_params: {fp16: true}}\n");
        Path run = dir.resolve("run");
        CliRunner.Result r = CliRunner.run("ptq", "--recipe", recipe.toString(), "--run-dir", run.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("the float16 file against that float32 graph");
        ModelProto m = OnnxChecker.read(run.resolve("fp16_1x1x28x28_ptq.onnx"));
        assertThat(m.getOpsetImport(0).getVersion()).isEqualTo(19);
        assertThat(floatInitializers(m, TensorProto.DataType.FLOAT16.getNumber())).isPositive();
        assertThat(Files.readString(run.resolve("recipe_effective.yaml"))).contains("fp16: true");
    }

    @Test
    void impossibleCombinationsAreRefusedBeforeAnyWork() throws Exception {
        Path out = dir.resolve("x.onnx");
        CliRunner.Result noExport = CliRunner.run("ptq", "--model", "resnet_fmnist", "--pretrained", "--fp16");
        assertThat(noExport.exitCode()).isNotZero();
        assertThat(noExport.err()).contains("--fp16 sets how --export writes the ONNX file").contains("Add --export FILE");
        CliRunner.Result ort = CliRunner.run("ptq", "--model", "resnet_fmnist", "--pretrained", "--target", "onnxruntime", "--fp16",
                "--export", out.toString());
        assertThat(ort.exitCode()).isNotZero();
        assertThat(ort.err()).contains("--fp16 with --target onnxruntime").contains("Use --target tensorrt");
        assertThat(out).doesNotExist();
        Path recipe = dir.resolve("r.yaml");
        Files.writeString(recipe, "recipe_version: 1\nmodel: {name: resnet_fmnist, pretrained: true}\n");
        CliRunner.Result withRecipe = CliRunner.run("ptq", "--recipe", recipe.toString(), "--fp16");
        assertThat(withRecipe.exitCode()).isNotZero();
        assertThat(withRecipe.err()).contains("--set quantization_params.export_params.fp16=VALUE");
        Files.writeString(recipe, "recipe_version: 1\nmodel: {name: resnet_fmnist, pretrained: true}\n"
                + "quantization_params: {target: onnxruntime, export_params: {fp16: true}}\n");
        CliRunner.Result ortRecipe = CliRunner.run("ptq", "--recipe", recipe.toString(), "--run-dir", dir.resolve("run").toString());
        assertThat(ortRecipe.exitCode()).isNotZero();
        assertThat(ortRecipe.err()).contains("quantization_params.export_params.fp16").contains("target onnxruntime");
        assertThat(dir.resolve("run")).doesNotExist();
    }
}
