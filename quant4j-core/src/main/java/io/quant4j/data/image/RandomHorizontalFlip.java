package io.quant4j.data.image;

import io.quant4j.data.ImageShape;
import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RandomHorizontalFlip(p)} on 8-bit images: mirrors left-right
 * ({@code out[y][x] = in[y][W-1-x]}) when {@code rng.nextDouble() < p}, one draw per image. (The
 * float transform of the same name in {@code io.quant4j.data} acts on CHW floats instead.)
 */
public final class RandomHorizontalFlip implements ImageTransform {
    private final double p;

    /** Flips with probability {@code p} in {@code [0, 1]}. */
    public RandomHorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("expected a probability in [0, 1], found " + p);
        }
        this.p = p;
    }

    @Override
    public Image8 apply(Image8 image, RandomGenerator rng) {
        return rng.nextDouble() < p ? Transposition.FLIP_LEFT_RIGHT.apply(image) : image;
    }

    @Override
    public ImageShape outputShape(ImageShape input) {
        return input;
    }

    @Override
    public String toString() {
        return "RandomHorizontalFlip(" + p + ")";
    }
}
