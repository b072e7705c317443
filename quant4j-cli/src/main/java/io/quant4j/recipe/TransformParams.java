package io.quant4j.recipe;

/**
 * Training-time augmentations ({@code train_transforms}); evaluation never augments.
 *
 * @param randomCropPadding pad by this many pixels then crop back at a random offset (0: off)
 * @param horizontalFlip flip left-right with probability 0.5
 */
public record TransformParams(int randomCropPadding, boolean horizontalFlip) {
    public TransformParams {
        if (randomCropPadding < 0) {
            throw new IllegalArgumentException("expected random_crop_padding >= 0, found " + randomCropPadding);
        }
    }

    public static TransformParams defaults() {
        return new TransformParams(0, false);
    }

    /** Whether any augmentation is on. */
    public boolean any() {
        return randomCropPadding > 0 || horizontalFlip;
    }
}
