package io.quant4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.data.DataLoader;
import io.quant4j.data.LoaderOptions;
import io.quant4j.models.ModelOptions;
import io.quant4j.models.Models;
import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.Module;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** freezeBatchNorm: running statistics stay, BN affine weights still train. */
class FreezeBatchNormTest {
    @TempDir
    Path dir;

    @Test
    void runningStatisticsStayAndAffineWeightsTrain() {
        try (Module m = Models.get("resnet_fmnist", ModelOptions.defaults())) {
            BatchNorm2d bn = (BatchNorm2d) m.get("layer1.0.bn1");
            float[] mean = bn.runningMean().value().toFloatArray();
            float[] gamma = bn.weight().value().toFloatArray();
            DataLoader train = new DataLoader(Synthetic.make(64, 28, 1), LoaderOptions.training(16));
            TrainingParams p = TrainingParams.builder().epochs(1).batchSize(16).lr(0.05).freezeBatchNorm(true).build();
            new Trainer(p).progress(ProgressMode.NONE).fit(m, train, null, dir);
            assertThat(bn.runningMean().value().toFloatArray()).containsExactly(mean);
            assertThat(bn.numBatchesTracked()).isZero();
            assertThat(bn.weight().value().toFloatArray()).isNotEqualTo(gamma);
        }
    }
}
