package io.quant4j.onnx.imports;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import io.quant4j.data.InputSpec;
import io.quant4j.data.image.Image8;
import io.quant4j.data.text.OcrSpecs;
import io.quant4j.data.text.TextRenderer;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.onnx.ImageBatch;
import io.quant4j.onnx.NoiseReferencedVerifier;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import io.quant4j.onnx.VerifyOptions;
import io.quant4j.onnx.compare.OutputAgreement;
import io.quant4j.quantization.ptq.CalibrationParams;
import io.quant4j.quantization.ptq.Ptq;
import io.quant4j.quantization.ptq.PtqResult;
import io.quant4j.quantization.target.QuantTarget;
import io.quant4j.quantization.target.QuantizationSpec;
import io.quant4j.tensor.Tensor;
import io.quant4j.testing.DejaVuFonts;
import io.quant4j.testing.OcrModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dynamic-axes round trip: PP-OCRv4 det, calibrated and verified at one input size, exported
 * with the original's symbolic batch, height and width, then run by ONNX Runtime at another size
 * (and batch) than the one it was traced at, where its probability map stays within the
 * quantization noise of the FP32 file's at that size.
 */
class PpOcrDetDynamicAxesTest {
    @TempDir
    Path dir;

    @Test
    void quantizedDetectorRunsAtAnotherInputSize() throws Exception {
        OcrModels.assumeAvailable();
        ImportedModel imported = OnnxImporter.load(OcrModels.det(), ImportOptions.FOR_QUANTIZATION);
        long[] calibShape = {2, 3, 96, 96};
        float[] calib = pages(2, 96, 96, 0);
        List<Supplier<Tensor>> batches = List.of(() -> Tensor.fromFloats(calib, calibShape));
        PtqResult res = Ptq.run(imported.module(), QuantizationSpec.defaults().withTarget(QuantTarget.ONNXRUNTIME)
                .toQuantizer(1, 3, 96, 96), batches.iterator(), CalibrationParams.defaults().withBatches(1), false);
        GraphModule q = (GraphModule) res.model();
        Path out = dir.resolve("det_int8.onnx");
        NoiseReferencedVerifier.Result v = GraphExport.write(imported, q, out, GraphExportOptions.of(QuantTarget.ONNXRUNTIME),
                List.of(new ImageBatch(calib, calibShape, null)), VerifyOptions.defaults());
        assertThat(v.passed()).isTrue();

        ModelProto written = ModelProto.parseFrom(Files.readAllBytes(out));
        List<TensorShapeProto.Dimension> dims = written.getGraph().getInput(0).getType().getTensorType().getShape().getDimList();
        List<TensorShapeProto.Dimension> original = imported.proto().getGraph().getInput(0).getType().getTensorType().getShape().getDimList();
        assertThat(dims).as("the written input keeps the original's dimensions, symbolic ones included").isEqualTo(original);
        assertThat(dims.get(2).hasDimParam() && dims.get(3).hasDimParam()).as("height and width are symbolic").isTrue();

        // another batch and a non-square size never seen in calibration or verification
        long[] other = {3, 3, 64, 160};
        float[] x = pages(3, 64, 160, 7);
        try (OrtRunner int8 = OrtRunner.open(out, OrtOptions.defaults()); OrtRunner fp32 = OrtRunner.open(OcrModels.det(), OrtOptions.defaults())) {
            OrtRunner.Output a = int8.run(x, other);
            OrtRunner.Output f = fp32.run(x, other);
            assertThat(a.shape()).containsExactly(3, 1, 64, 160);
            double sqnr = OutputAgreement.empty().add(f.values(), a.values()).sqnrDb();
            System.out.printf("PP-OCRv4 det exported at 96x96, run at 64x160 (batch 3): SQNR vs FP32 %.2f dB; at 96x96: %.2f dB%n",
                    sqnr, v.sqnrInt8VsFp32());
            assertThat(sqnr).as("INT8 vs FP32 at the new size, within 6 dB of the traced size").isGreaterThan(v.sqnrInt8VsFp32() - 6);
        }
    }

    /** {@code n} rendered detector pages of {@code h x w}, as the model's input. */
    private static float[] pages(int n, int h, int w, long seed) {
        TextRenderer r = DejaVuFonts.renderer();
        List<Image8> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            images.add(r.page(seed + i, w, h).image());
        }
        return OcrSpecs.batch(images, new InputSpec(new long[] {3, h, w}, null, null, OcrSpecs.DET.mean(),
                OcrSpecs.DET.std(), null, OcrSpecs.DET.channelOrder()));
    }
}
