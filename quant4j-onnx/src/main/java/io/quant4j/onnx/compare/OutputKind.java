package io.quant4j.onnx.compare;

/**
 * What an output holds, read from its batch shape, and so which figures apply beyond the
 * element-wise ones of {@link OutputAgreement}:
 * <pre>
 *   [N, K]        K >= 2          LOGITS           top-1 agreement per sample
 *   [N, T, K]     K >= 2          SEQUENCE         top-1 agreement per step; CTC strings with a dictionary
 *   [N, 1, H, W]                  PROBABILITY_MAP  mask IoU at a threshold
 *   anything else                 OTHER            element-wise figures only
 * </pre>
 */
public enum OutputKind {
    LOGITS,
    SEQUENCE,
    PROBABILITY_MAP,
    OTHER;

    /** The kind of an output of batch shape {@code shape} (batch first). */
    public static OutputKind of(long[] shape) {
        if (shape.length == 2 && shape[1] >= 2) {
            return LOGITS;
        }
        if (shape.length == 3 && shape[2] >= 2) {
            return SEQUENCE;
        }
        if (shape.length == 4 && shape[1] == 1) {
            return PROBABILITY_MAP;
        }
        return OTHER;
    }

    /** How it reads in a report: {@code logits}, {@code sequence}, {@code probability map}, {@code output}. */
    public String label() {
        return switch (this) {
            case LOGITS -> "logits";
            case SEQUENCE -> "sequence";
            case PROBABILITY_MAP -> "probability map";
            case OTHER -> "output";
        };
    }
}
