package io.quant4j.recipe;

import io.quant4j.errors.Quant4jException;

/**
 * A recipe that cannot be read or bound: names the YAML path and the file and line.
 *
 * <p>Example: {@code training_hyperparams.max_epoch (recipes/resnet_fmnist.yaml line 14): unknown
 * key. Known keys here: max_epochs, initial_lr, ... Did you mean max_epochs?}
 */
public class RecipeException extends Quant4jException {
    private static final long serialVersionUID = 1L;

    private final String yamlPath;

    public RecipeException(String yamlPath, String origin, String problem, String hint) {
        super(problem, (yamlPath.isEmpty() ? "<root>" : yamlPath) + " (" + origin + ")", hint, null);
        this.yamlPath = yamlPath;
    }

    /** The dotted YAML path of the offending key. */
    public String yamlPath() {
        return yamlPath;
    }
}
