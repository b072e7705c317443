package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.data.ImageShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImagePipelineTest {
    @Test
    void resizeThenCenterCropGivesTheBytesOfTheTwoStepsApart() {
        SplittableRandom rng = new SplittableRandom(21);
        for (int trial = 0; trial < 150; trial++) {
            Image8 img = BilinearResamplerTest.noise(1 + rng.nextInt(80), 1 + rng.nextInt(80), trial % 3 == 0 ? 1 : 3, trial);
            Resize resize = trial % 4 == 0 ? new Resize(1 + rng.nextInt(40), 1 + rng.nextInt(40)) : new Resize(1 + rng.nextInt(50));
            CenterCrop crop = new CenterCrop(1 + rng.nextInt(60), 1 + rng.nextInt(60));   // sometimes larger: padding
            Image8 apart = crop.apply(resize.apply(img, rng), rng);
            assertThat(ImagePipeline.of(resize, crop).apply(img, rng)).as("trial %d: %s %s %s", trial, img, resize, crop)
                    .isEqualTo(apart);
        }
    }

    @Test
    void theImageNetEvaluationShapeAndTheIdentity() {
        ImagePipeline eval = ImagePipeline.of(new Resize(256), new CenterCrop(224));
        assertThat(eval.outputShape(new ImageShape(3, 375, 500))).isEqualTo(new ImageShape(3, 224, 224));
        assertThat(eval.apply(BilinearResamplerTest.noise(375, 500, 3, 1), new SplittableRandom(0)).shape())
                .isEqualTo(new ImageShape(3, 224, 224));
        ImagePipeline train = ImagePipeline.of(new RandomResizedCrop(224), new RandomHorizontalFlip(0.5));
        assertThat(train.outputShape(new ImageShape(1, 28, 28))).isEqualTo(new ImageShape(1, 224, 224));
        Image8 img = BilinearResamplerTest.noise(28, 28, 1, 2);
        assertThat(ImagePipeline.of().apply(img, new SplittableRandom(0))).isSameAs(img);
        assertThat(ImagePipeline.of(new Resize(28), new CenterCrop(28)).apply(img, new SplittableRandom(0))).isSameAs(img);
    }

    @Test
    void randomStepsRepeatForTheSameSeed() {
        ImagePipeline train = ImagePipeline.of(new RandomResizedCrop(32), new RandomHorizontalFlip(0.5));
        Image8 img = BilinearResamplerTest.noise(50, 70, 3, 8);
        for (int seed = 0; seed < 20; seed++) {
            assertThat(train.apply(img, new SplittableRandom(seed))).isEqualTo(train.apply(img, new SplittableRandom(seed)));
        }
        assertThat(train.apply(img, new SplittableRandom(1))).isNotEqualTo(train.apply(img, new SplittableRandom(2)));
    }
}
