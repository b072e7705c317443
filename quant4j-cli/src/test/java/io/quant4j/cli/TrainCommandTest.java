package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quant4j.checkpoint.CheckpointInfo;
import io.quant4j.checkpoint.ModelCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train}: one short epoch on a slice of Fashion-MNIST, and what it refuses. */
class TrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void aQatRecipeIsRefusedBeforeAnyWork() {
        Path run = dir.resolve("run");
        CliRunner.Result r = CliRunner.run("train", "--recipe", "../recipes/resnet_fmnist_qat.yaml", "--run-dir", run.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("quantization_params").contains("resnet_fmnist_qat.yaml line")
                .contains("quant4j qat --recipe").doesNotContain("\tat ");
        assertThat(Files.exists(run)).isFalse();
    }

    @Test
    void trainsOneShortEpochAndWritesTheRunFolder() throws Exception {
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(), "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
        Path run = dir.resolve("run");
        CliRunner.Result r = CliRunner.run("train", "--recipe", "../recipes/resnet_fmnist.yaml", "--run-dir", run.toString(),
                "--set", "dataset_params.train_subset=640", "--set", "dataset_params.val_subset=200",
                "--set", "dataset_params.train_dataloader_params.batch_size=32", "--set", "training_hyperparams.max_epochs=1",
                "--set", "training_hyperparams.max_train_batches=3", "--json");
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        JsonNode j = Json.mapper().readTree(r.lastLine());
        assertThat(j.get("epochs").asInt()).isEqualTo(1);
        assertThat(j.get("best_epoch").asInt()).isEqualTo(1);
        assertThat(j.get("run_dir").asText()).isEqualTo(run.toString());
        Path model = run.resolve("resnet_fmnist.safetensors");
        assertThat(j.get("model").asText()).isEqualTo(model.toString());
        for (String f : new String[] {"recipe.yaml", "summary.json", "ckpt_last.safetensors", "ckpt_last.state.safetensors",
                "ckpt_last.json", "ckpt_best.safetensors", "ckpt_best.json", "resnet_fmnist.safetensors"}) {
            assertThat(run.resolve(f)).as(f).isRegularFile();
        }
        // the recipe written is the effective one, overrides included
        assertThat(Files.readString(run.resolve("recipe.yaml"))).contains("train_subset: 640").contains("max_train_batches: 3");

        JsonNode summary = Json.mapper().readTree(Files.readString(run.resolve("summary.json")));
        assertThat(summary.get("status").asText()).isEqualTo("completed");
        assertThat(summary.get("epochs_completed").asInt()).isEqualTo(1);
        assertThat(summary.get("steps_timed").asInt()).isEqualTo(3);
        assertThat(summary.get("validation_data").asText()).contains("200 examples");
        assertThat(summary.get("final_validation").get("top1").asDouble()).isEqualTo(j.get("test_accuracy").asDouble());

        CheckpointInfo info = ModelCheckpoint.info(model);
        assertThat(info.model()).isEqualTo("resnet_fmnist");
        assertThat(info.quantized()).isFalse();
        assertThat(info.extra()).containsEntry("test_accuracy", Double.toString(j.get("test_accuracy").asDouble()));
        // the saved model is the one that was evaluated: an independent evaluation gives the same accuracy
        CliRunner.Result ev = CliRunner.run("eval", "--checkpoint", model.toString(), "--limit", "200", "--json");
        assertThat(ev.exitCode()).as(ev.err()).isZero();
        assertThat(Json.mapper().readTree(ev.lastLine()).get("accuracy").asDouble()).isEqualTo(j.get("test_accuracy").asDouble());
    }
}
