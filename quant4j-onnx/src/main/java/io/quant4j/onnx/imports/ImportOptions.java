package io.quant4j.onnx.imports;

/**
 * How {@link OnnxImporter} builds the module.
 *
 * @param simplify apply the algebraic simplifications of the graph module builder (affines and
 *     BatchNorms folded into convolutions, decomposed hard-swish fused): equal up to float
 *     rounding, faster to run and to quantize
 */
public record ImportOptions(boolean simplify) {
    /** The graph as it is. */
    public static final ImportOptions AS_IS = new ImportOptions(false);

    /** Simplified, for quantization and export. */
    public static final ImportOptions SIMPLIFIED = new ImportOptions(true);
}
