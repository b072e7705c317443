/**
 * Recipes: YAML files bound to validated records. Every binding error names the YAML path and
 * line ({@code training_hyperparams.max_epochs (recipes/x.yaml line 12)}); unknown keys are errors
 * with the closest known key; {@code --set a.b=value} overrides are applied before binding.
 */
package io.quant4j.recipe;
