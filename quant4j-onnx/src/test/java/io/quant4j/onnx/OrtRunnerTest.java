package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrtRunnerTest {
    @TempDir
    Path dir;

    @Test
    void metadataCarriesVersionRecipeAndCalibration() {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 51)) {
            Path f = dir.resolve("m.onnx");
            ExportOptions o = ExportOptions.of(1, 1, 28, 28).withRecipe("model: resnet_fmnist\nquant: {}\n")
                    .withCalibration(new CalibrationManifest("max", 4, "sha256:abc")).withMetadata("run", "r1");
            OnnxExporter.export(net, f, o);
            Map<String, String> meta = OnnxChecker.read(f).getMetadataPropsList().stream()
                    .collect(Collectors.toMap(StringStringEntryProto::getKey, StringStringEntryProto::getValue));
            assertThat(meta).containsEntry("quant4j.recipe", "model: resnet_fmnist\nquant: {}\n")
                    .containsEntry("quant4j.calibration.method", "max")
                    .containsEntry("quant4j.calibration.batches", "4")
                    .containsEntry("quant4j.calibration.data_digest", "sha256:abc")
                    .containsEntry("run", "r1")
                    .containsKey("quant4j.version");
            try (OrtRunner r = OrtRunner.open(f, OrtOptions.defaults())) {
                assertThat(r.metadata()).containsEntry("quant4j.calibration.method", "max");
                assertThat(r.inputName()).isEqualTo("input");
            }
            assertThat(OnnxChecker.read(f).getOpsetImport(0).getVersion()).isGreaterThanOrEqualTo(13);
        }
    }

    @Test
    void accuracyCountsArgmaxAgainstLabels() {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 52)) {
            Path f = dir.resolve("m.onnx");
            OnnxExporter.export(net, f, ExportOptions.of(1, 1, 28, 28));
            ImageBatch x = ImageBatch.random(1, 8, 1, 28, 28);
            int[] truth = OrtRunner.argmax(TestNets.java(net, x), 8);
            int[] shifted = truth.clone();
            for (int i = 0; i < 4; i++) {
                shifted[i] = (shifted[i] + 1) % 10;
            }
            EvalResult all = OrtRunner.evaluate(f, List.of(new ImageBatch(x.data(), x.shape(), truth)), OrtOptions.defaults());
            EvalResult half = OrtRunner.evaluate(f, List.of(new ImageBatch(x.data(), x.shape(), shifted)), OrtOptions.defaults());
            assertThat(all.images()).isEqualTo(8);
            assertThat(all.accuracy()).isEqualTo(1.0);
            assertThat(half.accuracy()).isEqualTo(0.5);
        }
    }

    @Test
    void benchmarkReportsFiguresForBothFilesInterleaved() {
        try (TestNets.QuantNet net = TestNets.quantNet(true, 53)) {
            Path a = dir.resolve("a.onnx");
            Path b = dir.resolve("b.onnx");
            OnnxExporter.export(net, a, ExportOptions.of(1, 1, 28, 28));
            OnnxExporter.export(net, b, ExportOptions.of(1, 1, 28, 28).withFoldBatchNorm(false));
            List<BenchResult> r = OrtBench.interleaved(List.of(a, b), BenchOptions.defaults().withRuns(3, 4, 1).withBatchSizes(1, 4));
            assertThat(r).hasSize(2);
            assertThat(r.get(0).file()).isEqualTo(a);
            for (BenchResult x : r) {
                assertThat(x.at(1).p50Ms()).isPositive();
                assertThat(x.at(1).p90Ms()).isGreaterThanOrEqualTo(x.at(1).p50Ms());
                assertThat(x.at(4).imagesPerSecond()).isPositive();
                assertThat(x.toMap()).containsKeys("batch1_p50_ms", "batch4_images_per_second");
            }
        }
    }

    @Test
    void percentilesAndMedians() {
        assertThat(OrtBench.percentile(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.5)).isEqualTo(5);
        assertThat(OrtBench.percentile(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.9)).isEqualTo(9);
        assertThat(OrtBench.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(OrtBench.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
    }

    @Test
    void missingOrInvalidFilesAreTypedErrors() throws Exception {
        assertThatThrownBy(() -> OrtRunner.open(dir.resolve("none.onnx"), OrtOptions.defaults()))
                .isInstanceOf(OnnxRuntimeException.class).hasMessageContaining("none.onnx");
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
        assertThatThrownBy(() -> OrtRunner.open(junk, OrtOptions.defaults()))
                .isInstanceOf(OnnxRuntimeException.class).hasMessageContaining("junk.onnx");
    }
}
