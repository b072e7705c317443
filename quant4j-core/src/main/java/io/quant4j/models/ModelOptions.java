package io.quant4j.models;

import java.nio.file.Path;

/**
 * Options of {@link Models#get(String, ModelOptions)}.
 *
 * @param numClasses output classes, or null for the model's default (10 for resnet_fmnist, 1000 else)
 * @param inChannels input channels, or null for the model's default (1 for resnet_fmnist, 3 else)
 * @param pretrained load the bundled weights (or {@code weights} when given)
 * @param weights a safetensors state dict to load, or null
 * @param seed seed of the random initialization
 */
public record ModelOptions(Integer numClasses, Integer inChannels, boolean pretrained, Path weights, long seed) {
    public ModelOptions {
        if (numClasses != null && numClasses < 1) {
            throw new IllegalArgumentException("expected numClasses >= 1, found " + numClasses);
        }
        if (inChannels != null && inChannels < 1) {
            throw new IllegalArgumentException("expected inChannels >= 1, found " + inChannels);
        }
    }

    /** Random initialization with seed 0 and the model's default classes and channels. */
    public static ModelOptions defaults() {
        return new ModelOptions(null, null, false, null, 0L);
    }

    /** The bundled pretrained weights. */
    public static ModelOptions pretrainedWeights() {
        return new ModelOptions(null, null, true, null, 0L);
    }

    public ModelOptions withClasses(int n) {
        return new ModelOptions(n, inChannels, pretrained, weights, seed);
    }

    public ModelOptions withInChannels(int n) {
        return new ModelOptions(numClasses, n, pretrained, weights, seed);
    }

    public ModelOptions withWeights(Path p) {
        return new ModelOptions(numClasses, inChannels, pretrained, p, seed);
    }

    public ModelOptions withSeed(long s) {
        return new ModelOptions(numClasses, inChannels, pretrained, weights, s);
    }
}
