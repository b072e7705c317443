package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} refuses what it would ignore. */
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
}
