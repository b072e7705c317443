package io.quant4j.recipe;

import io.quant4j.data.Augmentation;
/**
 * Training-time augmentations ({@code train_transforms}); evaluation never augments.
 *
 * @param randomCropPadding IDX data: pad by this many pixels then crop back at a random offset (0: off)
 * @param horizontalFlip flip left-right with probability 0.5
 * @param randomResizedCrop image folders: torchvision's RandomResizedCrop to the input size (instead
 *     of resize and center crop)
 */
public record TransformParams(int randomCropPadding, boolean horizontalFlip, boolean randomResizedCrop) {
    public TransformParams {
        if (randomCropPadding < 0) {
            throw new IllegalArgumentException("expected random_crop_padding >= 0, found " + randomCropPadding);
        }
    }

    public static TransformParams defaults() {
        return new TransformParams(0, false, false);
    }

    /** Whether any augmentation is on. */
    public boolean any() {
        return augmentation().any();
    }

    /** As the data layer's {@link Augmentation}. */
    public Augmentation augmentation() {
        return new Augmentation(randomResizedCrop, horizontalFlip, randomCropPadding);
    }
}
