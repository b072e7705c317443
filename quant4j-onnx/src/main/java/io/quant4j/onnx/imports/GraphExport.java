package io.quant4j.onnx.imports;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.quant4j.io.AtomicFiles;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.onnx.ImageBatch;
import io.quant4j.onnx.NoiseReferencedVerifier;
import io.quant4j.onnx.OnnxVerificationException;
import io.quant4j.onnx.OnnxWriteException;
import io.quant4j.onnx.VerifyOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a quantized imported graph to a file only after ONNX Runtime agrees with the Java model
 * on {@code validation}, atomically: every quantized tensor without systematic difference, and the
 * output within the quantization noise of the original FP32 graph ({@link NoiseReferencedVerifier};
 * deep imported graphs cascade one-level rounding flips, so output steps are no yardstick).
 */
public final class GraphExport {
    private GraphExport() {}

    /**
     * The written file's verification report.
     *
     * @throws OnnxVerificationException with the report when ONNX Runtime diverges (nothing is written)
     */
    public static NoiseReferencedVerifier.Result write(ImportedModel original, GraphModule quantized, Path output, GraphExportOptions o,
                                           List<ImageBatch> validation, VerifyOptions verify) {
        ModelProto proto = GraphExporter.toModel(original, quantized, o);
        byte[] bytes = proto.toByteArray();
        NoiseReferencedVerifier.Result result = NoiseReferencedVerifier.compare(quantized, bytes, original.proto().toByteArray(),
                output.toString(), validation, verify);
        if (!result.passed()) {
            throw new OnnxVerificationException(output.toString(), result.report());
        }
        try {
            AtomicFiles.write(output, out -> out.write(bytes));
        } catch (IOException e) {
            throw new OnnxWriteException(output, "cannot write the ONNX file: " + e, e);
        }
        return result;
    }
}
