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
 * @param minCropArea image folders: the smallest area of the random crop, as a fraction of the image,
 *     in {@code (0, 1]} (torchvision's {@code scale=(0.08, 1)} by default)
 * @param colorJitter image folders: {@link io.quant4j.data.image.ColorJitter} of brightness, contrast
 *     and saturation, each by this much, in {@code [0, 1]} (0: off)
 */
public record Augmentation(boolean randomResizedCrop, boolean horizontalFlip, int randomCropPadding, double minCropArea,
                           double colorJitter) {
    /** No augmentation. */
    public static final Augmentation NONE = new Augmentation(false, false, 0);

    /** torchvision's crop area {@code (0.08, 1)}; no colour jitter. */
    public Augmentation(boolean randomResizedCrop, boolean horizontalFlip, int randomCropPadding) {
        this(randomResizedCrop, horizontalFlip, randomCropPadding, 0.08, 0);
    }

    public Augmentation {
        if (randomCropPadding < 0) {
            throw new IllegalArgumentException("expected random crop padding >= 0, found " + randomCropPadding);
        }
        if (!(minCropArea > 0 && minCropArea <= 1) || !(colorJitter >= 0 && colorJitter <= 1)) {
            throw new IllegalArgumentException("expected a smallest crop area in (0, 1] and a colour jitter in [0, 1], found "
                    + minCropArea + " and " + colorJitter);
        }
    }

    /** Whether anything is augmented. */
    public boolean any() {
        return randomResizedCrop || horizontalFlip || randomCropPadding > 0 || colorJitter > 0;
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
