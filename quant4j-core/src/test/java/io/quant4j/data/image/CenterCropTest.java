package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.data.ImageShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CenterCropTest {
    @Test
    void offsetsRoundHalfToEvenAsPython() {
        assertThat(new CenterCrop(20, 20).box(23, 23).top()).isEqualTo(2);   // round(1.5) = 2
        assertThat(new CenterCrop(18, 18).box(23, 23).top()).isEqualTo(2);   // round(2.5) = 2
        assertThat(new CenterCrop(20, 20).box(27, 27).top()).isEqualTo(4);   // round(3.5) = 4
        assertThat(new CenterCrop(224).box(256, 341)).isEqualTo(new CropBox(16, 58, 224, 224));   // round(58.5) = 58
        assertThat(new CenterCrop(224).box(341, 256)).isEqualTo(new CropBox(58, 16, 224, 224));
    }

    @Test
    void aLargerCropPadsWithZerosTheWayTorchvisionDoes() {
        // 3 rows to 6: (6 - 3) // 2 = 1 zero row before, (6 - 3 + 1) // 2 = 2 after; columns 4 to 2: round(1.0) = 1
        Image8 img = new Image8(3, 4, 1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        assertThat(new CenterCrop(6, 2).box(3, 4)).isEqualTo(new CropBox(-1, 1, 6, 2));
        assertThat(new CenterCrop(6, 2).apply(img, new SplittableRandom(0)).data())
                .containsExactly(0, 0, 2, 3, 6, 7, 10, 11, 0, 0, 0, 0);
    }

    @Test
    void theSameSizeIsTheImageAndTheShapeIsTheCrop() {
        Image8 img = BilinearResamplerTest.noise(5, 7, 3, 2);
        assertThat(new CenterCrop(5, 7).apply(img, new SplittableRandom(0))).isSameAs(img);
        assertThat(new CenterCrop(224).outputShape(new ImageShape(3, 256, 341))).isEqualTo(new ImageShape(3, 224, 224));
    }
}
