package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.fasterxml.jackson.databind.JsonNode;
import io.quant4j.onnx.OnnxChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code quant4j compare} on real files: resnet_fmnist exported FP32 and INT8 (ptq --target onnxruntime --export) and
 * compared on Fashion-MNIST test images; files without an input spec; errors.
 */
class CompareCommandTest {
    @TempDir
    static Path dir;

    static Path fp32;
    static Path int8;

    @BeforeAll
    static void exportBoth() {
        if (!TestData.fashionMnistInstalled()) {
            return;
        }
        fp32 = dir.resolve("fp32.onnx");
        int8 = dir.resolve("int8.onnx");
        CliRunner.Result f = CliRunner.run("export", "--model", "resnet_fmnist", "--pretrained", "--output", fp32.toString(),
                "--verify-batches", "1");
        assertThat(f.exitCode()).as(f.err()).isZero();
        CliRunner.Result q = CliRunner.run("ptq", "--model", "resnet_fmnist", "--pretrained", "--target", "onnxruntime", "--calib-method", "max",
                "--num-calib-batches", "1", "--calib-batch-size", "64", "--eval-limit", "64", "--export", int8.toString(), "--quiet");
        assertThat(q.exitCode()).as(q.err()).isZero();
    }

    private static void assumeFiles() {
        org.junit.jupiter.api.Assumptions.assumeTrue(fp32 != null,
                "the Fashion-MNIST dataset is not installed (dataset-fashion-mnist or $QUANT4J_DATA)");
    }

    private static JsonNode json(CliRunner.Result r) throws Exception {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return Json.mapper().readTree(r.lastLine());
    }

    @Test
    void int8AgainstFp32OnFashionMnistWithSpeedAndProfile() throws Exception {
        assumeFiles();
        CliRunner.Result r = CliRunner.run("compare", fp32.toString(), int8.toString(), "--data", "fashion_mnist", "--limit", "64",
                "--batch-size", "16", "--batch-sizes", "1,4", "--runs", "2", "--iterations", "2", "--warmup", "1", "--profile",
                "--profile-runs", "2", "--json");
        JsonNode j = json(r);
        assertThat(j.get("samples").asInt()).isEqualTo(64);
        assertThat(j.get("spec_source").asText()).isEqualTo("file");
        assertThat(j.get("output0_kind").asText()).isEqualTo("logits");
        assertThat(j.get("output0_shape").asText()).isEqualTo("Nx10");
        assertThat(j.get("output0_top1_rows").asInt()).isEqualTo(64);
        // INT8 logits follow FP32 closely but not exactly
        assertThat(j.get("sqnr_db").asDouble()).isBetween(10.0, 80.0);
        assertThat(j.get("cosine").asDouble()).isBetween(0.9, 1.0);
        assertThat(j.get("max_abs_diff").asDouble()).isPositive();
        assertThat(j.get("mean_abs_diff").asDouble()).isPositive().isLessThanOrEqualTo(j.get("max_abs_diff").asDouble());
        assertThat(j.get("top1_agreement").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(j.get("mask_iou").isNull()).isTrue();
        for (String k : new String[] {"ref_batch1_p50_ms", "cand_batch4_images_per_second", "batch1_latency_ratio", "batch4_throughput_ratio"}) {
            assertThat(j.get(k).asDouble()).as(k).isPositive();
        }
        // the reference runs float convolutions; in the candidate (Q/DQ placed for ONNX Runtime) ORT
        // turns all 15 convolutions of resnet_fmnist into integer QLinearConv kernels
        assertThat(j.get("ref_profile_conv_nodes").asInt()).isEqualTo(15);
        assertThat(j.get("cand_profile_qlinearconv_nodes").asInt()).isEqualTo(15);
        assertThat(j.has("ref_profile_qlinearconv_nodes")).isFalse();
        assertThat(j.has("cand_profile_conv_nodes") || j.has("cand_profile_fusedconv_nodes")).isFalse();
        assertThat(j.get("ref_profile_total_ms").asDouble()).isPositive();
        assertThat(j.get("cand_profile_top1_op").asText()).isNotBlank();
        assertThat(r.out()).contains("top-1 agreement").contains("QLinearConv").contains("candidate/reference latency");
    }

    @Test
    void aFileAgreesWithItselfAndAFileWithoutSpecTakesTheOtherFilesOrTheOptions() throws Exception {
        assumeFiles();
        Path bare = dir.resolve("bare.onnx");
        Files.write(bare, OnnxChecker.read(fp32).toBuilder().clearMetadataProps().build().toByteArray());
        JsonNode same = json(CliRunner.run("compare", fp32.toString(), bare.toString(), "--data", "fashion_mnist", "--limit", "20",
                "--no-speed", "--json"));
        assertThat(same.get("spec_source").asText()).isEqualTo("file");
        assertThat(same.get("sqnr_db").isNull()).as("infinite: identical outputs").isTrue();
        assertThat(same.get("max_abs_diff").asDouble()).isZero();
        assertThat(same.get("top1_agreement").asDouble()).isEqualTo(1.0);

        CliRunner.Result raw = CliRunner.run("compare", bare.toString(), bare.toString(), "--data", "fashion_mnist", "--limit", "20",
                "--no-speed", "--json");
        assertThat(json(raw).get("spec_source").asText()).isEqualTo("raw");
        assertThat(raw.out()).contains("note: ").contains("carries no input spec").contains("--mean");

        JsonNode opts = json(CliRunner.run("compare", bare.toString(), bare.toString(), "--data", "fashion_mnist", "--limit", "20",
                "--no-speed", "--input-shape", "1x1x28x28", "--mean", "0.2860", "--std", "0.3530", "--json"));
        assertThat(opts.get("spec_source").asText()).isEqualTo("options");
        assertThat(opts.get("input_spec").asText()).contains("0.286").contains("0.353");

        CliRunner.Result ignored = CliRunner.run("compare", fp32.toString(), fp32.toString(), "--data", "fashion_mnist", "--limit", "8",
                "--no-speed", "--mean", "0.5");
        assertThat(ignored.exitCode()).as(ignored.err()).isZero();
        assertThat(ignored.out()).contains("carries its input spec").contains("--mean 0.5) are ignored");
    }

    /** PaddleOCR's models as tools/models/fetch-ocr-models leaves them, or null (tests never fetch). */

    @Test
    void paddleOcrFilesWithoutSpecCompareThroughTheOptions() throws Exception {
        io.quant4j.testing.OcrModels.assumeAvailable();
        Path assets = io.quant4j.testing.OcrModels.folder();
        Path lines = dir.resolve("lines");
        Path pages = dir.resolve("pages");
        for (int i = 0; i < 3; i++) {
            io.quant4j.testing.ImageFiles.rgb(lines.resolve("l" + i + ".png"), 48, 320, i);
            io.quant4j.testing.ImageFiles.rgb(pages.resolve("p" + i + ".png"), 64, 96, i);
        }
        Path rec = assets.resolve("ch_PP-OCRv4_rec_infer.onnx");
        JsonNode r = json(CliRunner.run("compare", rec.toString(), rec.toString(), "--data", lines.toString(), "--input-shape", "3x48x320",
                "--mean", "0.5", "--std", "0.5", "--channel-order", "bgr", "--ctc-keys", assets.resolve("ppocr_keys_v1.txt").toString(),
                "--no-speed", "--json"));
        assertThat(r.get("spec_source").asText()).isEqualTo("options");
        assertThat(r.get("output0_kind").asText()).isEqualTo("sequence");
        assertThat(r.get("output0_shape").asText()).isEqualTo("Nx40x6625");
        assertThat(r.get("output0_top1_rows").asInt()).isEqualTo(3 * 40);
        assertThat(r.get("ctc_exact_match").asDouble()).isEqualTo(1.0);
        assertThat(r.get("output0_ctc_samples").asInt()).isEqualTo(3);
        Path det = assets.resolve("ch_PP-OCRv4_det_infer.onnx");
        JsonNode d = json(CliRunner.run("compare", det.toString(), det.toString(), "--data", pages.toString(), "--input-shape", "3x64x96",
                "--mean", "0.485,0.456,0.406", "--std", "0.229,0.224,0.225", "--channel-order", "bgr", "--batch-sizes", "1",
                "--runs", "1", "--iterations", "1", "--warmup", "0", "--json"));
        assertThat(d.get("output0_kind").asText()).isEqualTo("probability_map");
        assertThat(d.get("output0_shape").asText()).isEqualTo("Nx1x64x96");
        assertThat(d.get("mask_iou").asDouble()).isEqualTo(1.0);
        assertThat(d.get("output0_mask_threshold").asDouble()).isEqualTo(0.3);
        assertThat(d.get("batch1_latency_ratio").asDouble()).isPositive();
        // without --input-shape the symbolic H x W cannot be known
        CliRunner.Result none = CliRunner.run("compare", det.toString(), det.toString(), "--data", pages.toString(), "--no-speed");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--input-shape");
    }

    @Test
    void differentInputNamesAndOptionsOutOfRangeAreErrors() throws Exception {
        assumeFiles();
        ModelProto m = OnnxChecker.read(fp32);
        String in = m.getGraph().getInput(0).getName();
        GraphProto.Builder g = m.getGraph().toBuilder();
        g.setInput(0, g.getInput(0).toBuilder().setName("image"));
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto.Builder n = g.getNode(i).toBuilder();
            for (int k = 0; k < n.getInputCount(); k++) {
                if (n.getInput(k).equals(in)) {
                    n.setInput(k, "image");
                }
            }
            g.setNode(i, n);
        }
        Path renamed = Files.write(dir.resolve("renamed.onnx"), m.toBuilder().setGraph(g).build().toByteArray());
        CliRunner.Result r = CliRunner.run("compare", fp32.toString(), renamed.toString(), "--data", "fashion_mnist", "--limit", "8",
                "--no-speed");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains("'" + in + "'").contains("'image'");

        String[][] bad = {
            {"--mean", "0.1,0.2"}, {"--std", "0"}, {"--channel-order", "bgra"}, {"--input-shape", "2x28x28"},
            {"--input-shape", "1x28"}, {"--crop", "0x28"}, {"--resize", "99999"}, {"--mask-threshold", "1.5"}
        };
        for (String[] b : bad) {
            CliRunner.Result e = CliRunner.run("compare", fp32.toString(), fp32.toString(), "--data", "fashion_mnist", b[0], b[1]);
            assertThat(e.exitCode()).as(String.join(" ", b)).isEqualTo(2);
            assertThat(e.err()).as(String.join(" ", b)).contains(b[0]).contains("expected");
        }
        Path bare = Files.write(dir.resolve("bare2.onnx"), OnnxChecker.read(fp32).toBuilder().clearMetadataProps().build().toByteArray());
        CliRunner.Result crop = CliRunner.run("compare", bare.toString(), bare.toString(), "--data", "fashion_mnist",
                "--input-shape", "1x28x28", "--crop", "24x24", "--resize", "28");
        assertThat(crop.exitCode()).isEqualTo(2);
        assertThat(crop.err()).contains("--crop 24x24").contains("28x28");
        CliRunner.Result keys = CliRunner.run("compare", fp32.toString(), fp32.toString(), "--data", "fashion_mnist", "--limit", "4",
                "--no-speed", "--ctc-keys", Files.writeString(dir.resolve("keys.txt"), "a\nb\n").toString());
        assertThat(keys.exitCode()).isEqualTo(2);
        assertThat(keys.err()).contains("no output is a sequence");
    }
}
