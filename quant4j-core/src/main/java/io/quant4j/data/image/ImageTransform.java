package io.quant4j.data.image;

import io.quant4j.data.ImageShape;
import java.util.random.RandomGenerator;

/**
 * A transform of 8-bit images with torchvision's PIL-backend semantics ({@link Resize},
 * {@link CenterCrop}, {@link RandomResizedCrop}, {@link RandomHorizontalFlip}, chained by
 * {@link ImagePipeline}). Transforms keep the number of channels, never modify their input and may
 * return it unchanged. Random ones draw only from the given generator, so a seeded generator
 * repeats the same results; deterministic ones ignore it.
 */
public interface ImageTransform {
    /** The transformed image. */
    Image8 apply(Image8 image, RandomGenerator rng);

    /**
     * The shape ({@code C x H x W}) of the output for an input of shape {@code input}; for random
     * transforms the same for every draw. A dataset uses it to know its sample shape.
     */
    ImageShape outputShape(ImageShape input);
}
