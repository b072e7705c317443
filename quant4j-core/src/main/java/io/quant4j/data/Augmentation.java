package io.quant4j.data;

/**
 * Training-time augmentation, as torchvision's transforms: for image folders
 * {@code RandomResizedCrop(H x W of the input)} and {@code RandomHorizontalFlip(0.5)} on the decoded
 * image; for IDX data (already at the input size) a random crop after zero padding and the flip.
 * Evaluation and calibration use {@link #NONE}.
 *
 * @param randomResizedCrop image folders: a random area and aspect ratio resized to the input size
 *     (instead of resize and center crop)
 * @param horizontalFlip flip left-right with probability 0.5
 * @param randomCropPadding IDX data: pad by this many pixels, then crop back at a random offset (0: off)
 */
public record Augmentation(boolean randomResizedCrop, boolean horizontalFlip, int randomCropPadding) {
    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(false, false, 0);

    public Augmentation {
        if (randomCropPadding < 0) {
            throw new IllegalArgumentException("expected random crop padding >= 0, found " + randomCropPadding);
        }
    }

    /** The loader transform of already-sized data: optional random crop and flip, then {@code normalize}. */
    public Transform floatTransform(Normalize normalize) {
        Transform t = Transform.identity();
        if (randomCropPadding > 0) {
            t = t.andThen(new RandomCrop(randomCropPadding));
        }
        if (horizontalFlip) {
            t = t.andThen(new RandomHorizontalFlip());
        }
        return t.andThen(normalize);
    }
}
