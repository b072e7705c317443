package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quant4j.data.Dataset;
import io.quant4j.data.Datasets;
import io.quant4j.data.InputSpec;
import io.quant4j.data.Split;
import io.quant4j.data.npy.NpyWriter;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import io.quant4j.testing.ImageFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --data} and {@code --calib-data} with the user's own data: the first 300 Fashion-MNIST
 * test images as a PNG folder (one subfolder per class) and as a {@code .npy} of normalized inputs
 * with labels evaluate exactly as the IDX files do; an unlabelled folder calibrates PTQ; an
 * exported file carries its input spec, so ONNX Runtime evaluates the folder without flags.
 */
class DataOptionsTest {
    private static final int N = 300;

    @TempDir
    static Path dir;

    static Path folder;
    static Path array;
    static Path unlabelled;

    @BeforeAll
    static void writeData() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestData.fashionMnistInstalled(),
                "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
        Dataset test = Datasets.fashionMnist(Split.TEST);
        folder = dir.resolve("png");
        unlabelled = dir.resolve("calib");
        array = dir.resolve("test.npy");
        float[] px = new float[784];
        float[] normalized = new float[N * 784];
        long[] labels = new long[N];
        float mean = InputSpec.FASHION_MNIST.mean()[0];
        float std = InputSpec.FASHION_MNIST.std()[0];
        for (int i = 0; i < N; i++) {
            test.read(i, px, 0, null);
            byte[] bytes = new byte[784];
            for (int p = 0; p < 784; p++) {
                bytes[p] = (byte) Math.round(px[p] * 255);
                normalized[i * 784 + p] = (px[p] - mean) / std;
            }
            labels[i] = test.label(i);
            ImageFiles.grey(folder.resolve(Integer.toString(test.label(i))).resolve(String.format("%04d.png", i)), 28, 28, bytes);
            ImageFiles.grey(unlabelled.resolve("batch" + (i % 3)).resolve(i + ".png"), 28, 28, bytes);
        }
        NpyWriter.writeFloat32(array, normalized, N, 1, 28, 28);
        NpyWriter.writeInt64(dir.resolve("test.labels.npy"), labels, N);
    }

    private static JsonNode json(String... args) throws Exception {
        CliRunner.Result r = CliRunner.run(args);
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        return Json.mapper().readTree(r.lastLine());
    }

    @Test
    void aPngFolderAndAnArrayEvaluateExactlyAsTheIdxFiles() throws Exception {
        JsonNode idx = json("eval", "--model", "resnet_fmnist", "--pretrained", "--limit", Integer.toString(N), "--json");
        JsonNode png = json("eval", "--model", "resnet_fmnist", "--pretrained", "--data", folder.toString(), "--json");
        JsonNode npy = json("eval", "--model", "resnet_fmnist", "--pretrained", "--data", array.toString(), "--json");
        assertThat(png.get("images").asInt()).isEqualTo(N);
        assertThat(png.get("accuracy").asDouble()).isEqualTo(idx.get("accuracy").asDouble());
        assertThat(png.get("top5").asDouble()).isEqualTo(idx.get("top5").asDouble());
        assertThat(npy.get("accuracy").asDouble()).isEqualTo(idx.get("accuracy").asDouble());
        assertThat(png.get("data").asText()).isEqualTo(folder.toString());
    }

    @Test
    void ptqCalibratesOnAnUnlabelledFolderAndTheExportCarriesItsInputSpec() throws Exception {
        Path onnx = dir.resolve("int8.onnx");
        JsonNode ptq = json("ptq", "--model", "resnet_fmnist", "--pretrained", "--calib-data", unlabelled.toString(),
                "--calib-batch-size", "100", "--num-calib-batches", "2", "--data", folder.toString(), "--export", onnx.toString(),
                "--quiet", "--json");
        assertThat(ptq.get("calib_data").asText()).isEqualTo(unlabelled.toString());
        assertThat(ptq.get("calib_images").asInt()).isEqualTo(200);
        assertThat(ptq.get("test_images").asInt()).isEqualTo(N);
        assertThat(ptq.get("int8_accuracy").asDouble()).isGreaterThan(0.8);
        try (OrtRunner r = OrtRunner.open(onnx, OrtOptions.defaults().withThreads(1))) {
            InputSpec spec = InputSpec.fromJson(r.metadata().get("quant4j.input_spec"));
            assertThat(spec.mean()).containsExactly(InputSpec.FASHION_MNIST.mean());
            assertThat(spec.classNames()).isEqualTo(InputSpec.FASHION_MNIST.classNames());
        }
        JsonNode ort = json("eval", "--onnx", onnx.toString(), "--data", folder.toString(), "--json");
        assertThat(ort.get("accuracy").asDouble()).isEqualTo(ptq.get("int8_onnx_accuracy").asDouble());
    }

    @Test
    void badImagesAreSkippedAndCountedWhenAsked() throws Exception {
        Path copy = dir.resolve("with_bad");
        for (int c = 0; c < 10; c++) {
            ImageFiles.grey(copy.resolve(Integer.toString(c)).resolve("ok.png"), 28, 28, new byte[784]);
        }
        ImageFiles.notAnImage(copy.resolve("4").resolve("broken.png"));
        CliRunner.Result r = CliRunner.run("eval", "--model", "resnet_fmnist", "--pretrained", "--data", copy.toString(),
                "--skip-bad-images", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("skipped 1 of 11 images").contains("broken.png");
        assertThat(Json.mapper().readTree(r.lastLine()).get("images").asInt()).isEqualTo(10);
    }
}
