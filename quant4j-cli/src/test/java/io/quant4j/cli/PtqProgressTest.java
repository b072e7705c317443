package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ptq} with its standard error not a terminal: calibration progress is whole lines, never a redrawn bar. */
class PtqProgressTest {
    @TempDir
    Path dir;

    @Test
    void calibrationProgressIsWholeLinesOnStandardError() throws Exception {
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(), "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
        Path weights = TestData.randomResnetWeights(dir, 5);
        CliRunner.Result ptq = CliRunner.run("ptq", "--model", "resnet_fmnist", "--weights", weights.toString(),
                "--calib-method", "max", "--num-calib-batches", "2", "--calib-batch-size", "16", "--eval-limit", "64", "--quiet");
        assertThat(ptq.exitCode()).as(ptq.err()).isZero();
        assertThat(ptq.out() + ptq.err()).doesNotContain("\r");
        assertThat(ptq.err()).endsWith("\n");
        List<String> progress = ptq.err().lines().filter(l -> l.startsWith("calibration")).toList();
        assertThat(progress).hasSize(2);
        assertThat(progress.get(0)).matches("calibration: 1/2 batches \\(50%\\) after \\d+\\.\\d s");
        assertThat(progress.get(1)).matches("calibration finished: 2/2 batches \\(100%\\) in \\d+\\.\\d s");
        assertThat(ptq.out()).contains("calibration: max on 32 images in 2 batches");
    }
}
