package io.quant4j.recipe;

import java.nio.file.Path;

/**
 * {@code model:} of a recipe.
 *
 * @param name zoo model name ({@code quant4j models})
 * @param numClasses output classes, or null for the model's default
 * @param inChannels input channels, or null for the model's default
 * @param pretrained start from the bundled pretrained weights
 * @param checkpoint start from a checkpoint (quant4j checkpoint or float state dict), or null
 * @param seed seed of the random initialization
 */
public record ModelParams(String name, Integer numClasses, Integer inChannels, boolean pretrained, Path checkpoint, long seed) {
    public ModelParams {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("expected a model name (see 'quant4j models'), found none");
        }
        if (pretrained && checkpoint != null) {
            throw new IllegalArgumentException("expected pretrained: true or a checkpoint, found both");
        }
    }

    public static ModelParams defaults() {
        return new ModelParams("resnet_fmnist", null, null, false, null, 0L);
    }
}
