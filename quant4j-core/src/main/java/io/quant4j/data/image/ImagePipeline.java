package io.quant4j.data.image;

import io.quant4j.data.ImageShape;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code Compose} of 8-bit transforms: each step in order, e.g. the ImageNet
 * evaluation pipeline {@code ImagePipeline.of(new Resize(256), new CenterCrop(224))} (followed by
 * {@link ToTensor} and {@code io.quant4j.data.Normalize}) or the training one
 * {@code ImagePipeline.of(new RandomResizedCrop(224), new RandomHorizontalFlip(0.5))}.
 *
 * <p>A {@link Resize} directly followed by a {@link CenterCrop} that lies inside the resized image
 * is computed as one step, only over the crop: the same bytes as the two steps, without resampling
 * the pixels the crop throws away. {@link #outputShape} gives a dataset its sample shape.
 */
public final class ImagePipeline implements ImageTransform {
    private final List<ImageTransform> steps;

    private ImagePipeline(List<ImageTransform> steps) {
        this.steps = steps;
    }

    /** The steps in order (none: the identity). */
    public static ImagePipeline of(ImageTransform... steps) {
        return new ImagePipeline(List.of(steps));
    }

    /** The steps in order. */
    public static ImagePipeline of(List<? extends ImageTransform> steps) {
        return new ImagePipeline(List.copyOf(steps));
    }

    /** The steps, unmodifiable. */
    public List<ImageTransform> steps() {
        return steps;
    }

    @Override
    public Image8 apply(Image8 image, RandomGenerator rng) {
        Image8 out = image;
        for (int i = 0; i < steps.size(); i++) {
            ImageTransform step = steps.get(i);
            if (step instanceof Resize resize && i + 1 < steps.size() && steps.get(i + 1) instanceof CenterCrop crop) {
                int[] size = resize.outputSize(out.height(), out.width());
                CropBox box = crop.box(size[0], size[1]);
                if (box.inside(size[0], size[1])) {
                    out = resize.applyWindow(out, box);
                    i++;
                    continue;
                }
            }
            out = step.apply(out, rng);
        }
        return out;
    }

    @Override
    public ImageShape outputShape(ImageShape input) {
        ImageShape shape = input;
        for (ImageTransform step : steps) {
            shape = step.outputShape(shape);
        }
        return shape;
    }

    @Override
    public String toString() {
        return "ImagePipeline" + steps;
    }
}
