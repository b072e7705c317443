package io.quant4j.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.data.DataLoader;
import io.quant4j.data.Dataset;
import io.quant4j.data.DatasetLocator;
import io.quant4j.data.DatasetNotFoundException;
import io.quant4j.data.Datasets;
import io.quant4j.data.IdxDatasetSpec;
import io.quant4j.data.LoaderOptions;
import io.quant4j.data.Normalize;
import io.quant4j.data.Split;
import io.quant4j.nn.Module;
import io.quant4j.train.EvalResult;
import io.quant4j.train.Evaluator;
import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The bundled resnet_fmnist weights load, pass their checksum and reach the recorded accuracy. */
class BundledWeightsTest {
    @Test
    void bundledWeightsReachTheirTestAccuracy() throws Exception {
        ModelInfo info = Models.info("resnet_fmnist");
        assertThat(Files.size(Models.bundledWeights(info))).isGreaterThan(700_000);
        Dataset test;
        try {
            test = Datasets.load(IdxDatasetSpec.FASHION_MNIST, Split.TEST, new DatasetLocator(
                    DatasetLocator.defaults().roots(), null, null));
        } catch (DatasetNotFoundException e) {
            Assumptions.abort("Fashion-MNIST is not available here: " + e.getMessage());
            return;
        }
        try (Module m = Models.get("resnet_fmnist", ModelOptions.pretrainedWeights())) {
            EvalResult r = Evaluator.evaluate(m, new DataLoader(test, LoaderOptions.evaluation(500).withTransform(Normalize.FASHION_MNIST)));
            assertThat(r.examples()).isEqualTo(10000);
            assertThat(r.top1()).isGreaterThanOrEqualTo(0.93);
        }
    }
}
