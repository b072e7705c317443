package io.quant4j.recipe;

import java.util.List;

/**
 * {@code training_hyperparams.criterion_params:} the loss. A zoo model trains with cross-entropy on
 * labels; an ONNX model ({@code model.onnx}) by distillation from the FP32 file, as
 * {@code qat --onnx}'s {@code --loss}, {@code --temperature}, {@code --match} and {@code --match-weight}.
 *
 * @param loss {@code mse}, {@code kl} or {@code cross_entropy}; null: cross_entropy for a zoo model, mse for an ONNX one
 * @param temperature the KL temperature {@code T > 0}
 * @param match ONNX nodes whose outputs are matched to the FP32 graph's too
 * @param matchWeight the weight of the matched features, {@code > 0}
 */
public record CriterionParams(String loss, double temperature, List<String> match, double matchWeight) {
    /** The losses a recipe may name. */
    public static final List<String> LOSSES = List.of("mse", "kl", "cross_entropy");

    public CriterionParams {
        if (loss != null && !LOSSES.contains(loss)) {
            throw new IllegalArgumentException("expected loss one of " + LOSSES + ", found '" + loss + "'");
        }
        if (!(temperature > 0 && Double.isFinite(temperature))) {
            throw new IllegalArgumentException("expected temperature > 0, found " + temperature);
        }
        if (!(matchWeight > 0 && Double.isFinite(matchWeight))) {
            throw new IllegalArgumentException("expected match_weight > 0, found " + matchWeight);
        }
        match = match == null ? List.of() : List.copyOf(match);
        String conflict = matchConflict(loss, match);
        if (conflict != null) {
            throw new IllegalArgumentException(conflict);
        }
    }

    /**
     * Why matched features do not go with {@code loss}, or null: they are compared with the FP32
     * teacher's, which cross-entropy on labels has no use for.
     */
    public static String matchConflict(String loss, List<String> match) {
        return "cross_entropy".equals(loss) && !match.isEmpty()
                ? "matched features are compared with the FP32 teacher's: expected loss mse or kl with match, found cross_entropy"
                : null;
    }

    /** Whether anything differs from the zoo's cross-entropy. */
    public boolean distills() {
        return (loss != null && !loss.equals("cross_entropy")) || !match.isEmpty();
    }

    public static CriterionParams defaults() {
        return new CriterionParams(null, 1.0, List.of(), 1.0);
    }
}
