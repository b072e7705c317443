package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quant4j.checkpoint.ModelCheckpoint;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.Module;
import io.quant4j.quantization.TensorQuantizer;
import io.quant4j.quantization.layers.IntegerConv2d;
import io.quant4j.quantization.target.QuantTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qat --recipe recipes/resnet_fmnist_qat.yaml} with {@code quantization_params.target=onnxruntime},
 * with {@code ptq_only=true}, and with each input calibration ({@code histogram_calib_method}
 * percentile, entropy, mse; {@code calibrator_i=max}), each on a slice: 1 calibration batch of 32
 * images, 128 validation images, 2 QAT steps.
 */
class QatRecipeVariantsTest {
    @TempDir
    Path dir;

    private static final String EXP = "resnet_fmnist_qat";
    private static final List<String> SLICE = List.of("--set", "dataset_params.train_subset=320",
            "--set", "dataset_params.val_subset=128", "--set", "dataset_params.train_dataloader_params.batch_size=32",
            "--set", "training_hyperparams.max_epochs=1", "--set", "training_hyperparams.max_train_batches=2",
            "--set", "quantization_params.calib_params.num_calib_batches=1");

    @BeforeEach
    void data() {
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(), "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
    }

    /** Runs qat into {@code run} with the slice and {@code sets}; returns its JSON line. */
    private static JsonNode qat(Path run, String... sets) throws Exception {
        List<String> args = new ArrayList<>(List.of("qat", "--recipe", "../recipes/resnet_fmnist_qat.yaml", "--run-dir",
                run.toString(), "--json"));
        args.addAll(SLICE);
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        CliRunner.Result r = CliRunner.run(args.toArray(new String[0]));
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        return Json.mapper().readTree(r.lastLine());
    }

    private static JsonNode summary(Path run) throws Exception {
        return Json.mapper().readTree(Files.readString(run.resolve("summary.json")));
    }

    /** An independent ONNX Runtime evaluation of the file on the same 128 images. */
    private static double evalOnnx(String file) throws Exception {
        CliRunner.Result ev = CliRunner.run("eval", "--onnx", file, "--limit", "128", "--json");
        assertThat(ev.exitCode()).as(ev.err()).isZero();
        return Json.mapper().readTree(ev.lastLine()).get("accuracy").asDouble();
    }

    private static float[] amax(Path checkpoint, String quantizer) throws Exception {
        try (Module m = ModelCheckpoint.load(checkpoint)) {
            return ((TensorQuantizer) m.get(quantizer)).amax();
        }
    }

    @Test
    void onnxRuntimeTargetTrainsIntegerLayersAndExportsBothStages() throws Exception {
        Path run = dir.resolve("ort");
        JsonNode j = qat(run, "quantization_params.target=onnxruntime");
        assertThat(j.get("qat_epochs").asInt()).isEqualTo(1);
        Path qatFile = run.resolve(EXP + "_qat.safetensors");
        assertThat(ModelCheckpoint.info(run.resolve(EXP + "_ptq.safetensors")).quantization().target())
                .isEqualTo(QuantTarget.ONNXRUNTIME);
        assertThat(ModelCheckpoint.info(qatFile).quantization().target()).isEqualTo(QuantTarget.ONNXRUNTIME);
        try (Module m = ModelCheckpoint.load(qatFile)) {
            assertThat(m.get("conv1")).isInstanceOf(IntegerConv2d.class);
        }
        JsonNode s = summary(run);
        assertThat(s.get("qat_resumed_from_epoch").asInt()).isZero();
        assertThat(s.get("qat_accuracy").asDouble()).isEqualTo(j.get("qat_accuracy").asDouble());
        for (String stage : List.of("ptq", "qat")) {
            assertThat(Path.of(j.get(stage + "_onnx").asText())).isRegularFile();
            assertThat(evalOnnx(j.get(stage + "_onnx").asText())).as(stage).isEqualTo(j.get(stage + "_onnx_accuracy").asDouble());
        }
    }

    @Test
    void ptqOnlyStopsAfterPtq() throws Exception {
        Path run = dir.resolve("ptq");
        JsonNode j = qat(run, "quantization_params.ptq_only=true");
        assertThat(j.get("qat_accuracy").isNull()).isTrue();
        assertThat(j.get("qat_epochs").asInt()).isZero();
        assertThat(j.get("qat_onnx").isNull()).isTrue();
        assertThat(run.resolve(EXP + "_ptq.safetensors")).isRegularFile();
        assertThat(Path.of(j.get("ptq_onnx").asText())).isRegularFile();
        assertThat(run.resolve("qat")).doesNotExist();
        assertThat(run.resolve(EXP + "_qat.safetensors")).doesNotExist();
        assertThat(summary(run).get("qat_checkpoint").isNull()).isTrue();
        assertThat(evalOnnx(j.get("ptq_onnx").asText())).isEqualTo(j.get("ptq_onnx_accuracy").asDouble());
    }

    @Test
    void eachInputCalibrationGivesItsOwnAmax() throws Exception {
        Map<String, Float> conv1 = new LinkedHashMap<>();
        Map<String, String> methods = new LinkedHashMap<>();
        for (String m : List.of("percentile", "entropy", "mse", "max")) {
            Path run = dir.resolve(m);
            String set = m.equals("max") ? "quantization_params.selective_quantizer_params.calibrator_i=max"
                    : "quantization_params.calib_params.histogram_calib_method=" + m;
            qat(run, "quantization_params.ptq_only=true", set);
            JsonNode cal = summary(run).get("calibration");
            assertThat(cal.get("batches").asInt()).isEqualTo(1);
            assertThat(cal.get("images").asInt()).isEqualTo(32);
            methods.put(m, cal.get("method").asText());
            conv1.put(m, amax(run.resolve(EXP + "_ptq.safetensors"), "conv1._input_quantizer")[0]);
        }
        assertThat(methods).containsEntry("percentile", "percentile(99.99)").containsEntry("entropy", "entropy")
                .containsEntry("mse", "mse");
        // max: the largest |x| entering conv1, a white pixel normalized: (1 - 0.2860) / 0.3530
        assertThat(conv1.get("max")).isCloseTo((1f - 0.2860f) / 0.3530f, Offset.offset(1e-6f));
        for (String m : List.of("percentile", "entropy", "mse")) {
            assertThat(conv1.get(m)).as(m).isPositive().isLessThan(conv1.get("max"));
        }
        assertThat(conv1.values()).as("four different amax values: %s", conv1).doesNotHaveDuplicates();

        // weights use the max calibrator per output channel: max |w| of each row of the pretrained conv1
        float[] w;
        try (Module fp32 = Models.get("resnet_fmnist", ModelOptions.pretrainedWeights())) {
            w = fp32.stateTensors().get("conv1.weight").toFloatArray();
        }
        float[] want = new float[16];
        for (int i = 0; i < w.length; i++) {
            want[i / (w.length / 16)] = Math.max(want[i / (w.length / 16)], Math.abs(w[i]));
        }
        assertThat(amax(dir.resolve("mse").resolve(EXP + "_ptq.safetensors"), "conv1._weight_quantizer")).containsExactly(want);
    }
}
