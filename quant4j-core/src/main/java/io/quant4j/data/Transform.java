package io.quant4j.data;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A per-image transform on plain Java arrays, applied by the {@link DataLoader}'s worker thread.
 * Images arrive as floats {@code u8 / 255} in {@code [0, 1]}, {@code C x H x W} row-major, and
 * keep their shape. Random transforms draw only from the given generator, which the loader seeds
 * from (loader seed, epoch, batch), so runs repeat exactly.
 *
 * <pre>{@code
 * Transform train = Transform.compose(new RandomCrop(4), new RandomHorizontalFlip(0.5), Normalize.FASHION_MNIST);
 * }</pre>
 */
@FunctionalInterface
public interface Transform {
    /**
     * Transforms one image in place.
     *
     * @param image the batch buffer
     * @param offset where this image starts in {@code image}
     * @param shape the image shape ({@code shape.size()} floats from {@code offset})
     * @param rng the random generator for this image
     */
    void apply(float[] image, int offset, ImageShape shape, RandomGenerator rng);

    /** This transform, then {@code next}. */
    default Transform andThen(Transform next) {
        return (img, off, shape, rng) -> {
            apply(img, off, shape, rng);
            next.apply(img, off, shape, rng);
        };
    }

    /** The transform that changes nothing (one instance: loaders skip it). */
    Transform IDENTITY = (img, off, shape, rng) -> { };

    /** The transform that changes nothing. */
    static Transform identity() {
        return IDENTITY;
    }

    /** The transforms in order. */
    static Transform compose(Transform... transforms) {
        List<Transform> list = List.of(transforms);
        return (img, off, shape, rng) -> {
            for (Transform t : list) {
                t.apply(img, off, shape, rng);
            }
        };
    }
}
