package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.data.ImageShape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResizeTest {
    @Test
    void theShorterSideBecomesSizeAndTheLongerIsTruncated() {
        assertThat(new Resize(256).outputSize(375, 500)).containsExactly(256, 341);   // int(256 * 500 / 375) = int(341.33)
        assertThat(new Resize(256).outputSize(500, 375)).containsExactly(341, 256);
        assertThat(new Resize(24).outputSize(23, 37)).containsExactly(24, 38);        // int(38.61)
        assertThat(new Resize(7).outputSize(23, 37)).containsExactly(7, 11);          // int(11.26)
        assertThat(new Resize(80).outputSize(16, 16)).containsExactly(80, 80);
        assertThat(new Resize(3).outputSize(2, 3)).containsExactly(3, 4);             // int(4.5)
        assertThat(new Resize(13, 29).outputSize(500, 7)).containsExactly(13, 29);
        assertThat(new Resize(256).outputShape(new ImageShape(3, 375, 500))).isEqualTo(new ImageShape(3, 256, 341));
    }

    @Test
    void anImageOfTheOutputSizeIsReturnedAsItIs() {
        Image8 img = BilinearResamplerTest.noise(28, 28, 1, 9);
        assertThat(new Resize(28).apply(img, new SplittableRandom(0))).isSameAs(img);
        assertThat(new Resize(28, 28).apply(img, new SplittableRandom(0))).isSameAs(img);
        Image8 out = new Resize(14).apply(img, new SplittableRandom(0));
        assertThat(out.height()).isEqualTo(14);
        assertThat(out.width()).isEqualTo(14);
    }

    @Test
    void sizesMustBePositive() {
        assertThatThrownBy(() -> new Resize(0)).hasMessageContaining("expected a positive size for the shorter side, found 0");
        assertThatThrownBy(() -> new Resize(3, -1)).hasMessageContaining("found 3 x -1");
    }
}
