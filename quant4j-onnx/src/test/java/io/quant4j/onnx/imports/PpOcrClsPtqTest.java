package io.quant4j.onnx.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.data.image.Image8;
import io.quant4j.data.text.OcrSpecs;
import io.quant4j.data.text.TextRenderer;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.onnx.ImageBatch;
import io.quant4j.onnx.NoiseReferencedVerifier;
import io.quant4j.onnx.VerifyOptions;
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
 * PaddleOCR's mobile direction classifier (opset 9, a shape subgraph before its head) imported for
 * quantization: converted to opset 17, placed for ONNX Runtime (quantizers only on float edges,
 * none on the shape path), calibrated on rendered lines and written only after ONNX Runtime agrees
 * with Java within the quantization noise.
 */
class PpOcrClsPtqTest {
    @TempDir
    Path dir;

    @Test
    void opset9ClassifierIsUpgradedQuantizedForOnnxRuntimeAndVerified() throws Exception {
        OcrModels.assumeAvailable();
        TextRenderer r = DejaVuFonts.renderer();
        List<Image8> lines = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            lines.add(r.orientedLine(i, 192, 48, i % 2 == 1).image());
        }
        float[] x = OcrSpecs.batch(lines, OcrSpecs.CLS);
        long[] shape = {32, 3, 48, 192};
        ImportedModel imported = OnnxImporter.load(OcrModels.cls(), ImportOptions.FOR_QUANTIZATION);
        assertThat(imported.fileOpset()).isEqualTo(9);
        assertThat(imported.module().opset()).isEqualTo(17);
        assertThat(imported.upgraded()).isTrue();
        List<Supplier<Tensor>> calib = List.of(() -> Tensor.fromFloats(x, shape));
        PtqResult res = Ptq.run(imported.module(), QuantizationSpec.defaults().withTarget(QuantTarget.ONNXRUNTIME)
                .toQuantizer(1, 3, 48, 192), calib.iterator(), CalibrationParams.defaults().withBatches(1), false);
        GraphModule q = (GraphModule) res.model();
        assertThat(q.edgeQuantizers().keySet()).noneMatch(e -> e.startsWith("shape_") || e.contains("Shape") || e.contains("concat"));
        Path out = dir.resolve("cls_int8.onnx");
        NoiseReferencedVerifier.Result v = GraphExport.write(imported, q, out, GraphExportOptions.of(QuantTarget.ONNXRUNTIME),
                List.of(new ImageBatch(x, shape, null)), VerifyOptions.defaults());
        System.out.println("PP-OCR cls, onnxruntime target: " + v.summary());
        assertThat(v.passed()).isTrue();
        assertThat(v.sqnrOrtVsJava()).isGreaterThan(v.sqnrInt8VsFp32());
        assertThat(Files.size(out)).isGreaterThan(100_000);
    }
}
