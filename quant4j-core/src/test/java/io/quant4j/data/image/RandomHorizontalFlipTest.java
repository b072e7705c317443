package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomHorizontalFlipTest {
    private static final Image8 IMG = new Image8(1, 3, 1, new byte[] {1, 2, 3});

    @Test
    void flipsWhenTheDrawIsBelowP() {
        RandomHorizontalFlip half = new RandomHorizontalFlip(0.5);
        assertThat(half.apply(IMG, new ScriptedRandom().doubles(0.49)).data()).containsExactly(3, 2, 1);
        assertThat(half.apply(IMG, new ScriptedRandom().doubles(0.5))).isSameAs(IMG);
    }

    @Test
    void neverAlwaysAndAboutHalfTheTime() {
        int flipped = 0;
        for (int seed = 0; seed < 400; seed++) {
            assertThat(new RandomHorizontalFlip(0).apply(IMG, new SplittableRandom(seed))).isSameAs(IMG);
            assertThat(new RandomHorizontalFlip(1).apply(IMG, new SplittableRandom(seed)).data()).containsExactly(3, 2, 1);
            Image8 out = new RandomHorizontalFlip(0.5).apply(IMG, new SplittableRandom(seed));
            assertThat(new RandomHorizontalFlip(0.5).apply(IMG, new SplittableRandom(seed))).isEqualTo(out);
            flipped += out == IMG ? 0 : 1;
        }
        assertThat(flipped).isBetween(150, 250);
        assertThatThrownBy(() -> new RandomHorizontalFlip(1.5)).hasMessageContaining("[0, 1], found 1.5");
    }
}
