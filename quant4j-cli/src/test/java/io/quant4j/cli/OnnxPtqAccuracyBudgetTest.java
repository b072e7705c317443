package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quant4j.data.Dataset;
import io.quant4j.data.Datasets;
import io.quant4j.data.Split;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ptq --onnx --accuracy-budget} on the bundled resnet_fmnist exported to ONNX, with 4-bit
 * per-tensor weights so that the search has layers to leave float: the chosen layers are printed as
 * {@code --skip} flags and recorded in the JSON, and a plain {@code --skip} run with them gives the
 * same figures, on both targets. On the onnxruntime target the imported graph's quantizers sit on
 * its edges ({@code edge_quantizer_N}, which {@code --skip} refuses); the search, the clipping hints
 * and the report name only graph nodes instead: layers and the integer ops (the residual Adds, the
 * pool). Unlabelled data falls back to top-1 agreement with FP32 and says so.
 */
class OnnxPtqAccuracyBudgetTest {
    @TempDir
    static Path dir;

    private static Path onnx;
    private static Path unlabelled;

    @BeforeAll
    static void exportAndRender() throws Exception {
        Assumptions.assumeTrue(TestData.fashionMnistInstalled(), "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist)");
        onnx = dir.resolve("resnet_fmnist.onnx");
        CliRunner.Result r = CliRunner.run("export", "--model", "resnet_fmnist", "--pretrained", "--output", onnx.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        unlabelled = dir.resolve("unlabelled");
        writePngs(Datasets.fashionMnist(Split.TEST), 64, unlabelled);
    }

    @Test
    void theChosenSkipsReproduceTheRunOnTheTensorrtTarget() throws Exception {
        String[] common = {"ptq", "--onnx", onnx.toString(), "--calib-data", "fashion_mnist", "--data", "fashion_mnist", "--eval-limit",
            "100", "--num-calib-batches", "1", "--calib-batch-size", "64", "--weight-bits", "4", "--per-tensor-weights", "--target",
            "tensorrt", "--quiet", "--json"};
        CliRunner.Result r = run(common, "--accuracy-budget", "2", "--search-data", "fashion_mnist", "--search-limit", "100");
        assertThat(r.out()).contains("measured by top-1 accuracy on 100 images of fashion_mnist").doesNotContain("has no labels");
        JsonNode j = Json.mapper().readTree(r.lastLine());
        List<String> skips = reproducible(r, j);
        assertThat(skips).isNotEmpty(); // W4 per-tensor loses far more than 2 points
        assertThat(j.get("accuracy_budget").get("met_on_search_data").asBoolean()).isTrue();

        JsonNode p = Json.mapper().readTree(run(common, skipFlags(skips)).lastLine());
        assertThat(p.get("skip_modules")).isEqualTo(j.get("skip_modules"));
        assertThat(p.get("int8_vs_fp32")).as("the --skip run measures what the search's re-calibration did")
                .isEqualTo(j.get("int8_vs_fp32"));
        assertThat(p.get("quantizers")).isEqualTo(j.get("quantizers"));
    }

    @Test
    void onTheOnnxruntimeTargetOnlyNamesSkipAcceptsAreProposedAndTheyReproduceTheRun() throws Exception {
        String[] common = {"ptq", "--onnx", onnx.toString(), "--calib-data", "fashion_mnist", "--data", unlabelled.toString(),
            "--num-calib-batches", "1", "--calib-batch-size", "64", "--weight-bits", "4", "--per-tensor-weights", "--target",
            "onnxruntime", "--quiet", "--json"};
        CliRunner.Result r = run(common, "--accuracy-budget", "1");
        assertThat(r.out()).contains("has no labels: the budget applies to top-1 agreement with FP32")
                .contains("measured by top-1 agreement with FP32 on 64 images of " + unlabelled);
        JsonNode j = Json.mapper().readTree(r.lastLine());
        JsonNode budget = j.get("accuracy_budget");
        assertThat(budget.get("metric").asText()).startsWith("top-1 agreement with FP32");
        List<String> ranked = new ArrayList<>();
        budget.get("sensitivity").forEach(l -> ranked.add(l.get("layer").asText()));
        // 15 convolutions, the Gemm, the 6 residual Adds and the pool
        assertThat(ranked).hasSize(23).noneMatch(OnnxPtqAccuracyBudgetTest::edgeQuantizer).anyMatch(n -> n.contains("Add"));
        List<String> skips = reproducible(r, j);
        assertThat(skips).isNotEmpty().noneMatch(OnnxPtqAccuracyBudgetTest::edgeQuantizer);
        j.get("warnings").forEach(w -> {
            if (w.has("skip")) {
                w.get("skip").forEach(s -> assertThat(s.asText()).as(w.toString()).doesNotStartWith("edge_quantizer"));
            }
        });

        CliRunner.Result plain = run(common, skipFlags(skips));
        JsonNode p = Json.mapper().readTree(plain.lastLine());
        assertThat(p.get("int8_vs_fp32")).isEqualTo(j.get("int8_vs_fp32"));
        assertThat(p.get("quantizers")).isEqualTo(j.get("quantizers"));

        CliRunner.Result refused = CliRunner.run(concat(common, "--skip", "edge_quantizer_0"));
        assertThat(refused.exitCode()).as("the name the placement gives an edge is no node of the graph").isNotZero();
        assertThat(refused.err()).contains("edge_quantizer_0");
    }

    @Test
    void theReportOfAnImportedGraphOnTheOnnxruntimeTargetRanksNodes() throws Exception {
        Path out = dir.resolve("report");
        CliRunner.Result r = CliRunner.run("report", "--onnx", onnx.toString(), "--data", unlabelled.toString(), "--calib-data",
                "fashion_mnist", "--num-calib-batches", "1", "--calib-batch-size", "64", "--limit", "32", "--target", "onnxruntime",
                "--output", out.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> ranked = new ArrayList<>();
        Json.mapper().readTree(r.lastLine()).get("most_sensitive").forEach(n -> ranked.add(n.asText()));
        assertThat(ranked).hasSize(23).noneMatch(OnnxPtqAccuracyBudgetTest::edgeQuantizer);
        JsonNode report = Json.mapper().readTree(Files.readString(out.resolve("report.json")));
        for (JsonNode q : report.get("quantizers")) {
            List<String> layers = new ArrayList<>();
            q.get("layers").forEach(l -> layers.add(l.asText()));
            assertThat(layers).as("every quantizer has nodes that leave it float: %s", q).isNotEmpty();
            assertThat(ranked).as(q.toString()).containsAll(layers);
        }
    }

    /** Checks the run printed and recorded its skips; returns them. */
    private static List<String> reproducible(CliRunner.Result r, JsonNode j) {
        List<String> skips = new ArrayList<>();
        j.get("skip_modules").forEach(n -> skips.add(n.asText()));
        assertThat(j.get("accuracy_budget").get("skip_modules")).isEqualTo(j.get("skip_modules"));
        assertThat(r.out()).contains("skip_modules: " + skips).contains("reproduce without the search:" + String.join("",
                skips.stream().map(s -> " --skip " + s).toList()));
        return skips;
    }

    private static boolean edgeQuantizer(String name) {
        return name.startsWith("edge_quantizer");
    }

    private static String[] skipFlags(List<String> skips) {
        List<String> f = new ArrayList<>();
        skips.forEach(s -> f.addAll(List.of("--skip", s)));
        return f.toArray(String[]::new);
    }

    private static CliRunner.Result run(String[] common, String... more) {
        CliRunner.Result r = CliRunner.run(concat(common, more));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The first {@code n} images as grayscale PNGs in one folder: data without labels. */
    private static void writePngs(Dataset d, int n, Path folder) throws Exception {
        Files.createDirectories(folder);
        int h = (int) d.sampleShape()[1];
        int w = (int) d.sampleShape()[2];
        float[] x = new float[d.sampleSize()];
        for (int i = 0; i < n; i++) {
            d.read(i, x, 0, new Random(i));
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            for (int k = 0; k < x.length; k++) {
                img.getRaster().setSample(k % w, k / w, 0, Math.round(255 * x[k]));
            }
            ImageIO.write(img, "png", folder.resolve(String.format(Locale.ROOT, "img_%03d.png", i)).toFile());
        }
    }
}
