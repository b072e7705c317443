package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quant4j.data.npy.NpyWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quant4j report} on the bundled resnet_fmnist and 100 test images: report.json lists every
 * quantizer with its figures, the table's INT8 row is its method's row (one calibration pass serves
 * every method), FP32 is what {@code eval} measures, the HTML holds its charts and fetches nothing;
 * unlabelled data falls back to agreement and says so; an output that is a file is refused.
 */
class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void reportListsEveryQuantizerWithItsFiguresAndTheHtmlIsSelfContained() throws Exception {
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(), "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
        Path out = dir.resolve("report");
        CliRunner.Result r = CliRunner.run("report", "--model", "resnet_fmnist", "--pretrained", "--limit", "100",
                "--num-calib-batches", "1", "--calib-batch-size", "64", "--output", out.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = Json.mapper().readTree(Files.readString(out.resolve("report.json")));
        assertThat(j.get("labelled").asBoolean()).isTrue();
        JsonNode qs = j.get("quantizers");
        assertThat(qs.size()).isEqualTo(39);
        for (JsonNode q : qs) {
            assertThat(q.has("path") && q.has("amax") && q.has("clipped_fraction")).as(q.toString()).isTrue();
            assertThat(q.get("sqnr_db").isNumber()).as(q.toString()).isTrue();
            assertThat(q.get("sensitivity_only_quantized").asDouble()).isBetween(0.0, 1.0);
            assertThat(q.get("sensitivity_only_float").asDouble()).isBetween(0.0, 1.0);
        }
        JsonNode table = j.get("table");
        assertThat(table.get("INT8 (percentile(99.99))")).isEqualTo(table.get("percentile(99.99)"));
        CliRunner.Result fp = CliRunner.run("eval", "--model", "resnet_fmnist", "--pretrained", "--limit", "100", "--json");
        assertThat(table.get("FP32").get("top1_accuracy").asDouble())
                .isEqualTo(Json.mapper().readTree(fp.lastLine()).get("accuracy").asDouble());
        assertThat(j.get("all_float").asDouble()).isEqualTo(table.get("FP32").get("top1_accuracy").asDouble());
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("data:image/png;base64,").contains("Sensitivity by layer").contains("Module tree")
                .doesNotContain("http://").doesNotContain("https://").doesNotContain("<script");
        byte[] png = Files.readAllBytes(out.resolve("plots/sensitivity.png"));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(Files.list(out.resolve("plots")).count()).isEqualTo(1 + 23); // the chart and the histogram of each of the 23 input quantizers
    }

    @Test
    void unlabelledDataFallsBackToAgreementAndSaysSo() throws Exception {
        Path npy = dir.resolve("inputs.npy");
        float[] x = new float[48 * 28 * 28];
        Random rnd = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        NpyWriter.writeFloat32(npy, x, 48, 1, 28, 28);
        Path out = dir.resolve("agree");
        CliRunner.Result r = CliRunner.run("report", "--model", "resnet_fmnist", "--pretrained", "--data", npy.toString(),
                "--output", out.toString(), "--calib-batch-size", "16");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("has no labels").contains("agreement with FP32");
        JsonNode j = Json.mapper().readTree(Files.readString(out.resolve("report.json")));
        assertThat(j.get("labelled").asBoolean()).isFalse();
        assertThat(j.get("metric").asText()).startsWith("output SQNR (dB) against FP32");
        assertThat(j.get("table").get("FP32").get("top1_accuracy").isNull()).isTrue();
        assertThat(j.get("table").get("INT8 (percentile(99.99))").get("sqnr_db").asDouble()).isPositive();
        assertThat(Files.readString(out.resolve("report.html"))).contains("The data has no labels");
    }

    @Test
    void anOutputThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("taken.txt"), "x");
        CliRunner.Result r = CliRunner.run("report", "--model", "resnet_fmnist", "--pretrained", "--output", file.toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("is a file: expected a folder").contains("Give a folder path");
        assertThat(Files.readString(file)).isEqualTo("x");
    }
}
