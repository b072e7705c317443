package io.quant4j.onnx.opset;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import io.quant4j.onnx.OnnxChecker;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PaddleOCR's det (opset 11), rec and cls (opset 9) models upgraded to opsets 13 and 17 compute
 * what the originals compute in ONNX Runtime, on seeded inputs, within 1e-5 of the output range,
 * keep their inputs, outputs and node names, and pass OnnxChecker but for the originals' unnamed
 * nodes.
 */
class PpOcrUpgradeTest {

    /**
     * A seeded text-like input, as PaddleOCR normalizes images (about -2 for black, 2 for white):
     * lines of dark vertical strokes and bars ("words") on a white page, so that the detector
     * finds text (its map ranges over [0, 1]) and the recognizer sees strokes.
     */
    static float[] image(long[] shape, long seed) {
        int c = (int) shape[1];
        int h = (int) shape[2];
        int w = (int) shape[3];
        float[] x = new float[c * h * w];
        java.util.Arrays.fill(x, 2f);
        SplittableRandom r = new SplittableRandom(seed);
        int lineHeight = Math.min(24, h / 2);
        for (int top = h < 100 ? h / 4 : 40; top + lineHeight <= h; top += 60) {
            for (int col = w / 16; col < w - 20; ) {
                int strokes = r.nextInt(8, 20);
                for (int k = 0; k < strokes && col + k * 6 + 6 < w; k++) {
                    int x0 = col + k * 6;
                    int y0 = top + r.nextInt(0, lineHeight - 4);
                    fill(x, c, h, w, top, top + lineHeight, x0, x0 + 2);
                    fill(x, c, h, w, y0, y0 + 3, x0, x0 + 6);
                }
                col += strokes * 6 + 20;
            }
        }
        return x;
    }

    private static void fill(float[] x, int c, int h, int w, int y0, int y1, int x0, int x1) {
        for (int k = 0; k < c; k++) {
            for (int i = y0; i < Math.min(y1, h); i++) {
                for (int j = x0; j < Math.min(x1, w); j++) {
                    x[(k * h + i) * w + j] = -2f;
                }
            }
        }
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("ch_PP-OCRv4_det_infer.onnx", 11, new long[] {1, 3, 480, 480}, 13),
                Arguments.of("ch_PP-OCRv4_det_infer.onnx", 11, new long[] {1, 3, 480, 480}, 17),
                Arguments.of("ch_PP-OCRv4_rec_infer.onnx", 9, new long[] {1, 3, 48, 320}, 13),
                Arguments.of("ch_PP-OCRv4_rec_infer.onnx", 9, new long[] {1, 3, 48, 320}, 17),
                Arguments.of("ch_ppocr_mobile_v2.0_cls_infer.onnx", 9, new long[] {1, 3, 48, 192}, 13),
                Arguments.of("ch_ppocr_mobile_v2.0_cls_infer.onnx", 9, new long[] {1, 3, 48, 192}, 17));
    }

    @ParameterizedTest(name = "{0} opset {1} -> {3}")
    @MethodSource("models")
    void upgradedModelComputesWhatTheOriginalComputes(String file, int opset, long[] shape, int target) throws Exception {
        Path f = io.quant4j.testing.OcrModels.folder().resolve(file);
        Assumptions.assumeTrue(Files.isRegularFile(f), "PaddleOCR model " + f + " is absent: run tools/models/fetch-ocr-models");
        ModelProto original = ModelProto.parseFrom(Files.readAllBytes(f));
        assertThat(OpsetUpgrade.defaultOpset(original)).isEqualTo(opset);

        ModelProto up = OpsetUpgrade.to(original, target);

        assertThat(OpsetUpgrade.defaultOpset(up)).isEqualTo(target);
        assertThat(up.getIrVersion()).isGreaterThanOrEqualTo(target <= 14 ? 7 : 8);
        assertThat(up.getGraph().getOutputList()).isEqualTo(original.getGraph().getOutputList());
        assertThat(up.getGraph().getInputList()).isEqualTo(original.getGraph().getInputList());
        List<String> names = original.getGraph().getNodeList().stream().map(NodeProto::getName).filter(s -> !s.isEmpty()).toList();
        assertThat(up.getGraph().getNodeList().stream().map(NodeProto::getName)).containsAll(names);
        // OnnxChecker wants every node named; PaddleOCR's Constant nodes have no name (valid ONNX), and the
        // upgrade keeps node names as they are. Anything else it reported would be the upgrade's doing.
        List<String> problems = OnnxChecker.problems(up);
        long unnamed = original.getGraph().getNodeList().stream().filter(n -> n.getName().isEmpty()).count();
        assertThat(problems).filteredOn(p -> !p.endsWith(" has no name")).isEmpty();
        assertThat(problems).hasSize((int) unnamed);

        float[] x = image(shape, 7);
        float[] want;
        float[] got;
        try (OrtRunner a = OrtRunner.open(original.toByteArray(), OrtOptions.defaults().withThreads(2));
             OrtRunner b = OrtRunner.open(up.toByteArray(), OrtOptions.defaults().withThreads(2))) {
            want = a.run(x, shape).values();
            got = b.run(x, shape).values();
        }
        assertThat(got).hasSameSizeAs(want);
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : want) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = Math.max(max - min, Float.MIN_NORMAL);
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - want[i]));
        }
        System.out.printf("%s -> %d: %d outputs, range %.6g, max |diff| %.3g (%.3g of the range)%n", file, target,
                want.length, range, worst, worst / range);
        assertThat(worst / range).isLessThanOrEqualTo(1e-5);
    }
}
