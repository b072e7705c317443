package io.quant4j.train;

import io.quant4j.errors.Quant4jException;

/** An invalid training parameter; {@link #field()} names it (as in recipes, snake_case). */
public class TrainingParamsException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public TrainingParamsException(String field, String problem, String hint) {
        super(problem, "training_params." + field, hint, null);
        this.field = field;
    }

    /** The parameter's name, snake_case ({@code weight_decay}, ...). */
    public String field() {
        return field;
    }
}
