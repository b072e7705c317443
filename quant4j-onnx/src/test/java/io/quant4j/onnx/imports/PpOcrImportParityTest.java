package io.quant4j.onnx.imports;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.quant4j.data.InputSpec;
import io.quant4j.data.image.Image8;
import io.quant4j.data.text.OcrSpecs;
import io.quant4j.data.text.TextRenderer;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import io.quant4j.testing.DejaVuFonts;
import io.quant4j.testing.OcrModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PaddleOCR's PP-OCRv4 detection (opset 11) and recognition (opset 9) models and the mobile v2.0
 * direction classifier (opset 9) import, and their FP32 forward equals ONNX Runtime's on the
 * original file: {@code max |java - ort| <= 1e-4 max |ort|} at several input sizes and batches
 * of rendered text ({@link TextRenderer}, preprocessed as {@link OcrSpecs} says). ONNX Runtime runs the graph as written (graph
 * optimizations off); its fused graph (all optimizations) is printed for comparison, since its
 * own fusions move the detector's probabilities by about 5e-5. Models: {@link OcrModels}; skipped
 * without them.
 */
class PpOcrImportParityTest {
    private static final double BOUND = 1e-4;

    @Test
    void detectorMatchesOnnxRuntime() {
        OcrModels.assumeAvailable();
        GraphModule g = OnnxImporter.load(OcrModels.det()).module();
        check("det", g, OcrModels.det(), new long[] {1, 3, 480, 480}, OcrSpecs.DET, true);
        check("det", g, OcrModels.det(), new long[] {2, 3, 320, 640}, OcrSpecs.DET, true);
    }

    @Test
    void recognizerMatchesOnnxRuntime() {
        OcrModels.assumeAvailable();
        GraphModule g = OnnxImporter.load(OcrModels.rec()).module();
        check("rec", g, OcrModels.rec(), new long[] {1, 3, 48, 320}, OcrSpecs.REC, false);
        check("rec", g, OcrModels.rec(), new long[] {2, 3, 48, 160}, OcrSpecs.REC, false);
    }

    @Test
    void directionClassifierMatchesOnnxRuntime() {
        OcrModels.assumeAvailable();
        GraphModule g = OnnxImporter.load(OcrModels.cls()).module();
        check("cls", g, OcrModels.cls(), new long[] {1, 3, 48, 192}, OcrSpecs.CLS, false);
        check("cls", g, OcrModels.cls(), new long[] {2, 3, 48, 192}, OcrSpecs.CLS, false);
    }

    /** {@code n} rendered pages or lines of {@code h x w}, preprocessed with the model's mean, std and channel order. */
    private static float[] input(long[] shape, InputSpec model, boolean pages) {
        TextRenderer r = DejaVuFonts.renderer();
        int h = (int) shape[2];
        int w = (int) shape[3];
        List<Image8> images = new ArrayList<>();
        for (int b = 0; b < shape[0]; b++) {
            images.add(pages ? r.page(b, w, h).image() : r.line(b, w, h).image());
        }
        InputSpec spec = new InputSpec(new long[] {3, h, w}, null, null, model.mean(), model.std(), List.of(), model.channelOrder());
        return OcrSpecs.batch(images, spec);
    }

    private static void check(String what, GraphModule g, Path file, long[] shape, InputSpec model, boolean pages) {
        float[] input = input(shape, model, pages);
        float[] ours;
        long[] javaShape;
        try (Scope s = Scope.open(); Autograd.Recording off = Autograd.noGrad()) {
            Tensor y = g.forward(Tensor.fromFloats(input, shape));
            ours = y.toFloatArray();
            javaShape = y.shape();
        }
        OrtRunner.Output asWritten = ort(file, OptLevel.NO_OPT, input, shape);
        OrtRunner.Output fused = ort(file, OptLevel.ALL_OPT, input, shape);
        assertThat(javaShape).isEqualTo(asWritten.shape());
        double range = maxAbs(asWritten.values(), null);
        double diff = maxAbs(asWritten.values(), ours);
        double fusedDiff = maxAbs(fused.values(), ours);
        System.out.printf("PP-OCR %s %s: max|java - ort| = %.3g = %.2e of max|ort| = %.3g (ORT with all graph optimizations: %.2e)%n",
                what, Arrays.toString(shape), diff, diff / range, range, fusedDiff / range);
        assertThat(range).as("output range of %s %s", what, Arrays.toString(shape)).isGreaterThan(0.5);
        assertThat(diff / range).as("%s %s: max |java - ort| / max |ort|", what, Arrays.toString(shape)).isLessThanOrEqualTo(BOUND);
    }

    private static OrtRunner.Output ort(Path file, OptLevel level, float[] input, long[] shape) {
        try (OrtRunner r = OrtRunner.open(file, new OrtOptions(1, level, null, false))) {
            return r.run(input, shape);
        }
    }

    /** {@code max |a|}, or {@code max |a - b|} when {@code b} is given. */
    private static double maxAbs(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - (b == null ? 0 : b[i])));
        }
        return m;
    }
}
