package io.quant4j.data;

import io.quant4j.data.image.CenterCrop;
import io.quant4j.data.image.ColorJitter;
import io.quant4j.data.image.ImagePipeline;
import io.quant4j.data.image.ImageTransform;
import io.quant4j.data.image.RandomHorizontalFlip;
import io.quant4j.data.image.RandomResizedCrop;
import io.quant4j.data.image.Resize;
import java.util.ArrayList;
import java.util.List;

/**
 * The 8-bit image pipeline of an {@link InputSpec}, torchvision's presets:
 * <pre>
 *   evaluation, calibration:  Resize(spec.resize) -> CenterCrop(spec.crop)      (each when set)
 *   training:                 RandomResizedCrop(H x W, scale (minCropArea, 1)) -> RandomHorizontalFlip(0.5)
 *                             -> ColorJitter(v, v, v)                         (each when set)
 * </pre>
 * A spec without resize and crop takes images as they are (they must already be {@code H x W}).
 * The loader then applies {@code ToTensor} and the spec's {@link Normalize}.
 */
public final class ImagePreprocessing {
    private ImagePreprocessing() {}

    /** The pipeline for {@code spec} with {@code augmentation} ({@link Augmentation#NONE} for evaluation). */
    public static ImageTransform pipeline(InputSpec spec, Augmentation augmentation) {
        long[] s = spec.shape();
        List<ImageTransform> steps = new ArrayList<>();
        if (augmentation.randomResizedCrop()) {
            steps.add(new RandomResizedCrop((int) s[1], (int) s[2], augmentation.minCropArea(), 1.0, 3.0 / 4.0, 4.0 / 3.0));
        } else {
            if (spec.resize() != null) {
                steps.add(new Resize(spec.resize()));
            }
            int[] crop = spec.crop();
            if (crop != null) {
                steps.add(new CenterCrop(crop[0], crop[1]));
            }
        }
        if (augmentation.horizontalFlip()) {
            steps.add(new RandomHorizontalFlip(0.5));
        }
        if (augmentation.colorJitter() > 0) {
            double v = augmentation.colorJitter();
            steps.add(new ColorJitter(v, v, v));
        }
        return ImagePipeline.of(steps);
    }
}
