package io.quant4j.quantization.target;

import io.quant4j.tensor.OpType;
import java.util.Map;
import java.util.Set;

/**
 * What the ONNX exporter does to the Q/DQ graph for a runtime, as data: which of its layout
 * rewrites run, with which value-preserving ops, and what the file's metadata says. Every rewrite
 * keeps what the graph computes; they only change how the runtime can fuse it.
 *
 * @param integerBias an int32 bias whose scale is not input scale x weight scale is written as
 *     float (the runtime assumes that scale)
 * @param commutePreservingOps quantizers move across the value-preserving ops so that each op
 *     reads and writes quantized tensors
 * @param mergeTiedQuantizers quantizers of one tensor with equal parameters become one
 * @param signedAsUint8 signed 8-bit activations are written as uint8 with zero point 128
 * @param onePairPerReader a quantized tensor read by several ops gets one Q/DQ pair per reader
 * @param preservingOps the ops {@code commutePreservingOps} moves quantizers across
 * @param metadata entries added to the file's {@code metadata_props}
 */
public record ExportLayout(boolean integerBias, boolean commutePreservingOps, boolean mergeTiedQuantizers,
                           boolean signedAsUint8, boolean onePairPerReader, Set<OpType> preservingOps,
                           Map<String, String> metadata) {
    public ExportLayout {
        preservingOps = Set.copyOf(preservingOps);
        metadata = Map.copyOf(metadata);
    }

    /** No rewrite: the Q/DQ pairs stay where the quantizers are (TensorRT's explicit quantization). */
    public static final ExportLayout AS_PLACED = new ExportLayout(false, false, false, false, false, Set.of(), Map.of());

    /** Whether any rewrite runs. */
    public boolean rewrites() {
        return integerBias || commutePreservingOps || mergeTiedQuantizers || signedAsUint8 || onePairPerReader;
    }
}
