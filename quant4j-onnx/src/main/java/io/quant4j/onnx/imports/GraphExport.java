package io.quant4j.onnx.imports;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.quant4j.io.AtomicFiles;
import io.quant4j.nn.graph.GraphModule;
import io.quant4j.onnx.ImageBatch;
import io.quant4j.onnx.OnnxVerificationException;
import io.quant4j.onnx.OnnxVerifier;
import io.quant4j.onnx.OnnxWriteException;
import io.quant4j.onnx.VerificationReport;
import io.quant4j.onnx.VerifyOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a quantized imported graph to a file only after ONNX Runtime agrees with the Java model
 * on {@code validation} ({@link OnnxVerifier}: outputs and every quantized tensor), atomically.
 */
public final class GraphExport {
    private GraphExport() {}

    /**
     * The written file's verification report.
     *
     * @throws OnnxVerificationException with the report when ONNX Runtime diverges (nothing is written)
     */
    public static VerificationReport write(ImportedModel original, GraphModule quantized, Path output, GraphExportOptions o,
                                           List<ImageBatch> validation, VerifyOptions verify) {
        ModelProto proto = GraphExporter.toModel(original, quantized, o);
        byte[] bytes = proto.toByteArray();
        VerificationReport report = OnnxVerifier.compare(quantized, bytes, output.toString(), validation, verify);
        if (!report.passed()) {
            throw new OnnxVerificationException(output.toString(), report);
        }
        try {
            AtomicFiles.write(output, out -> out.write(bytes));
        } catch (IOException e) {
            throw new OnnxWriteException(output, "cannot write the ONNX file: " + e, e);
        }
        return report;
    }
}
