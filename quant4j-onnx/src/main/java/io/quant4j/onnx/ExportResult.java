package io.quant4j.onnx;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link OnnxExporter} produced.
 *
 * @param path the written file, or null for an in-memory export
 * @param nodes number of ONNX nodes
 * @param quantizeLinear number of QuantizeLinear nodes
 * @param dequantizeLinear number of DequantizeLinear nodes
 * @param quantizers number of traced quantizers (activations and weights)
 * @param foldedBatchNorms BatchNorms folded into convs
 * @param notes what was left unfolded and why
 * @param bytes size of the serialized model
 * @param verification the ONNX Runtime comparison with the Java forward, or null when not verified;
 *     for a float16 export, that of its float32 graph (not written)
 * @param float16 for a verified float16 export, the written file against the float32 graph in ONNX
 *     Runtime ({@link Float16Agreement}); else null
 */
public record ExportResult(Path path, int nodes, int quantizeLinear, int dequantizeLinear, int quantizers,
                           int foldedBatchNorms, List<String> notes, long bytes, VerificationReport verification,
                           Float16Report float16) {
    public ExportResult {
        notes = List.copyOf(notes);
    }

    ExportResult withPath(Path p, VerificationReport v) {
        return new ExportResult(p, nodes, quantizeLinear, dequantizeLinear, quantizers, foldedBatchNorms, notes, bytes, v, float16);
    }

    ExportResult withFloat16(Float16Report f) {
        return new ExportResult(path, nodes, quantizeLinear, dequantizeLinear, quantizers, foldedBatchNorms, notes, bytes, verification, f);
    }

    /** The figures as a map for JSON output. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path == null ? null : path.toString());
        m.put("nodes", nodes);
        m.put("quantize_linear", quantizeLinear);
        m.put("dequantize_linear", dequantizeLinear);
        m.put("quantizers", quantizers);
        m.put("folded_batchnorms", foldedBatchNorms);
        m.put("bytes", bytes);
        m.put("notes", notes);
        if (float16 != null) {
            m.put("float16", float16.toMap());
        }
        return m;
    }
}
