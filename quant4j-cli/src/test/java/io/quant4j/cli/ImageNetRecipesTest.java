package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quant4j.data.InputSpec;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.nn.StateDict;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import io.quant4j.testing.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code recipes/resnet18_imagenet_qat.yaml} and {@code resnet50_imagenet_qat.yaml} end to end at
 * 3x224x224 on a tiny generated ImageNet-layout folder ({@code train/<class>}, {@code val/<class>},
 * JPEGs of several sizes): torchvision-layout weights from a safetensors file ({@code --weights}),
 * PTQ on one calibration batch, two QAT steps, both stages exported and evaluated in ONNX Runtime.
 * The weights are random (no network here), so the test checks the flow and the files, not accuracy.
 */
class ImageNetRecipesTest {
    private static final int CLASSES = 3;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "resnet50"})
    void theImageNetRecipeRunsPtqAndQatOnAnImageFolder(String model) throws Exception {
        Path data = dir.resolve("imagenet");
        int seed = 0;
        for (String split : List.of("train", "val")) {
            for (int c = 0; c < CLASSES; c++) {
                for (int i = 0; i < 2; i++) {
                    int h = 180 + 37 * ((seed * 7) % 5);
                    int w = 200 + 41 * ((seed * 3) % 4);
                    ImageFiles.rgbTexture(data.resolve(split).resolve("n0" + c).resolve("img" + i + ".jpg"), h, w, seed++);
                }
            }
        }
        Path weights = dir.resolve(model + ".safetensors");
        try (Module m = Models.get(model, ModelOptions.defaults().withClasses(CLASSES))) {
            StateDict.save(m, weights, Map.of());
        }
        Path run = dir.resolve("run");
        List<String> args = new ArrayList<>(List.of("qat", "--recipe", "../recipes/" + model + "_imagenet_qat.yaml",
                "--weights", weights.toString(), "--run-dir", run.toString(), "--json",
                "--set", "model.num_classes=" + CLASSES,
                "--set", "dataset_params.train=" + data.resolve("train"),
                "--set", "dataset_params.val=" + data.resolve("val"),
                "--set", "dataset_params.train_dataloader_params.batch_size=3",
                "--set", "dataset_params.val_dataloader_params.batch_size=3",
                "--set", "quantization_params.calib_params.num_calib_batches=1",
                "--set", "quantization_params.selective_quantizer_params.verbose=false"));
        CliRunner.Result r = CliRunner.run(args.toArray(new String[0]));
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();

        JsonNode j = Json.mapper().readTree(r.lastLine());
        for (String k : List.of("fp32_accuracy", "ptq_accuracy", "qat_accuracy", "ptq_onnx_accuracy", "qat_onnx_accuracy")) {
            assertThat(j.get(k).isNumber()).as(k + " in " + j).isTrue();
            assertThat(j.get(k).asDouble()).as(k).isBetween(0.0, 1.0);
        }
        assertThat(j.get("qat_epochs").asInt()).isEqualTo(1);
        for (String stage : List.of("ptq_onnx", "qat_onnx")) {
            Path onnx = Path.of(j.get(stage).asText());
            assertThat(onnx).isRegularFile();
            try (OrtRunner o = OrtRunner.open(onnx, OrtOptions.defaults().withThreads(1))) {
                assertThat(o.inputShape()).endsWith(3, 224, 224);
                InputSpec spec = InputSpec.fromJson(o.metadata().get("quant4j.input_spec"));
                assertThat(spec.resize()).isEqualTo(256);
                assertThat(spec.crop()).containsExactly(224, 224);
                assertThat(spec.mean()).containsExactly(0.485f, 0.456f, 0.406f);
            }
        }
        // the exported file evaluates on the same folder with no preprocessing flags: its spec travels with it
        CliRunner.Result ev = CliRunner.run("eval", "--onnx", j.get("qat_onnx").asText(), "--data", data.resolve("val").toString(), "--json");
        assertThat(ev.exitCode()).as(ev.err()).isZero();
        assertThat(Json.mapper().readTree(ev.lastLine()).get("accuracy").asDouble()).isEqualTo(j.get("qat_onnx_accuracy").asDouble());
        assertThat(Files.readString(run.resolve("recipe.yaml"))).contains(weights.toString());
    }
}
