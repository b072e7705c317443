package io.quant4j.onnx.imports;

import io.quant4j.onnx.opset.OpsetUpgrade;

/**
 * How {@link OnnxImporter} builds the module.
 *
 * @param simplify apply the algebraic simplifications of the graph module builder (affines and
 *     BatchNorms folded into convolutions, decomposed hard-swish fused): equal up to float
 *     rounding, faster to run and to quantize
 * @param minOpset 0 to import the model at its own opset; otherwise a model written for an older
 *     default-domain opset is first converted to this one ({@link OpsetUpgrade}), so that its
 *     quantized graph can hold per-channel {@code DequantizeLinear} (13) and {@code HardSwish} (14)
 */
public record ImportOptions(boolean simplify, int minOpset) {
    /** The opset models are raised to for quantization. */
    public static final int QUANTIZATION_OPSET = 17;

    /** The graph as it is. */
    public static final ImportOptions AS_IS = new ImportOptions(false, 0);

    /** Simplified, at the model's own opset. */
    public static final ImportOptions SIMPLIFIED = new ImportOptions(true, 0);

    /** Simplified and raised to {@value #QUANTIZATION_OPSET}: what PTQ, QAT and export of imported models use. */
    public static final ImportOptions FOR_QUANTIZATION = new ImportOptions(true, QUANTIZATION_OPSET);

    public ImportOptions {
        if (minOpset != 0 && (minOpset < 13 || minOpset > OpsetUpgrade.MAX_TARGET)) {
            throw new IllegalArgumentException("expected minOpset 0 (keep) or 13.." + OpsetUpgrade.MAX_TARGET + ", found " + minOpset);
        }
    }
}
