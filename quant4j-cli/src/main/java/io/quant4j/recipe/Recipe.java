package io.quant4j.recipe;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A whole recipe: one YAML file describes model, data, training and quantization. Keys are
 * SuperGradients' where they exist; see {@code docs/recipes.md}.
 *
 * @param recipeVersion schema version ({@value #VERSION})
 * @param experimentName names the run folder and output files
 * @param runRoot folder under which runs are created ({@code <run_root>/<experiment_name>/<time>})
 * @param model model and starting weights
 * @param datasetParams data and loaders
 * @param trainingHyperparams training (FP32 training, or QAT after modification)
 * @param quantizationParams PTQ/QAT settings
 * @param preLaunchCallbacks recipe modifications applied before launch, each
 *     {@code {QATRecipeModificationCallback: {...}}}
 */
public record Recipe(int recipeVersion, String experimentName, Path runRoot, ModelParams model, DatasetParams datasetParams,
                     TrainingHyperparams trainingHyperparams, QuantizationRecipe quantizationParams,
                     List<Map<String, QatModificationParams>> preLaunchCallbacks) {
    /** The schema version this quant4j reads. */
    public static final int VERSION = 1;

    /** The one pre-launch callback quant4j knows. */
    public static final String QAT_MODIFICATION = "QATRecipeModificationCallback";

    public Recipe {
        if (recipeVersion < 1 || recipeVersion > VERSION) {
            throw new IllegalArgumentException("expected recipe_version " + VERSION + ", found " + recipeVersion
                    + (recipeVersion > VERSION ? " (written for a newer quant4j)" : ""));
        }
        if (experimentName == null || !experimentName.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("expected an experiment_name of letters, digits, '.', '_' or '-', found '"
                    + experimentName + "'");
        }
        preLaunchCallbacks = preLaunchCallbacks == null ? List.of() : List.copyOf(preLaunchCallbacks);
        for (Map<String, QatModificationParams> cb : preLaunchCallbacks) {
            for (String name : cb.keySet()) {
                if (!QAT_MODIFICATION.equals(name)) {
                    throw new IllegalArgumentException("unknown pre-launch callback '" + name + "'; known: " + QAT_MODIFICATION);
                }
            }
        }
    }

    /** This recipe with other {@code quantization_params} (the effective recipe of a budget search). */
    public Recipe withQuantizationParams(QuantizationRecipe q) {
        return new Recipe(recipeVersion, experimentName, runRoot, model, datasetParams, trainingHyperparams, q, preLaunchCallbacks);
    }

    public static Recipe defaults() {
        return new Recipe(VERSION, "experiment", Path.of("runs"), ModelParams.defaults(), DatasetParams.defaults(),
                TrainingHyperparams.defaults(), QuantizationRecipe.defaults(), List.of());
    }
}
