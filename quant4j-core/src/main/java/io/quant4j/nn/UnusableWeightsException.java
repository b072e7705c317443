package io.quant4j.nn;

import io.quant4j.errors.Quant4jException;
import java.util.List;

/**
 * Weights that load into the right slots but cannot be used: values that are not finite (NaN or
 * infinite: a model computing with them gives meaningless outputs) or an element type that does not
 * convert exactly to the model's (an integer tensor where floats are expected). Nothing is loaded.
 */
public class UnusableWeightsException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param source the file or source of the values
     * @param problems one entry per tensor: its name and what is wrong with it
     */
    public UnusableWeightsException(String source, List<String> problems) {
        super("unusable weights: " + (problems.size() <= 6 ? problems : problems.subList(0, 6) + " and " + (problems.size() - 6)
                        + " more"), source,
                "Load weights from a healthy checkpoint (a diverged training run writes NaN; retrain or take an earlier"
                        + " checkpoint), saved with the model's element types (float32; float16/bfloat16 convert exactly).", null);
        this.problems = List.copyOf(problems);
    }

    /** One entry per tensor: {@code name: problem}. */
    public List<String> problems() {
        return problems;
    }
}
