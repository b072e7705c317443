package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import io.quant4j.testing.OcrModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI smoke test of {@code ptq --onnx} on a real third-party file: PaddleOCR's direction
 * classifier (opset 9, no input spec in the file) calibrated on rendered text lines for ONNX
 * Runtime, written only after verification, then put side by side with the original by
 * {@code compare}.
 */
class OnnxPtqCommandTest {
    @TempDir
    Path dir;

    @Test
    void ptqOfPaddleOcrClassifierWritesAVerifiedFileThatCompareMeasures() throws Exception {
        OcrModels.assumeAvailable();
        Path lines = dir.resolve("lines");
        CliRunner.Result r = CliRunner.run("render-text", "--kind", "cls", "--count", "32", "--seed", "5", "--out", lines.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path cls = OcrModels.cls();
        Path out = dir.resolve("cls_int8.onnx");
        String[] spec = {"--input-shape", "3x48x192", "--mean", "0.5", "--std", "0.5", "--channel-order", "bgr"};
        CliRunner.Result p = CliRunner.run(concat(new String[] {"ptq", "--onnx", cls.toString(), "--calib-data", lines.toString(),
                "--target", "onnxruntime", "--export", out.toString(), "--json"}, spec));
        assertThat(p.exitCode()).as(p.err()).isZero();
        JsonNode j = Json.mapper().readTree(p.lastLine());
        assertThat(j.get("file_opset").asInt()).isEqualTo(9);
        assertThat(j.get("opset").asInt()).isEqualTo(17);
        assertThat(j.get("target").asText()).isEqualTo("onnxruntime");
        assertThat(j.get("calib_images").asInt()).isEqualTo(32);
        assertThat(j.get("sqnr_ort_vs_java_db").asDouble()).isGreaterThan(j.get("sqnr_int8_vs_fp32_db").asDouble() - 3);
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(out));
        assertThat(m.getGraph().getNodeList()).anyMatch(n -> n.getOpType().equals("QuantizeLinear"));
        assertThat(m.getMetadataPropsList()).anyMatch(e -> e.getKey().equals("quant4j.input_spec"));

        CliRunner.Result c = CliRunner.run("compare", cls.toString(), out.toString(), "--data", lines.toString(), "--no-speed", "--json");
        assertThat(c.exitCode()).as(c.err()).isZero();
        JsonNode cj = Json.mapper().readTree(c.lastLine());
        assertThat(cj.get("spec_source").asText()).as("the INT8 file carries the input spec").isNotEqualTo("options");
        assertThat(cj.get("top1_agreement").asDouble()).as(c.out()).isGreaterThanOrEqualTo(0.75);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
