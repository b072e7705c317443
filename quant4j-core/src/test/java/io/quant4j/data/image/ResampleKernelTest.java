package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResampleKernelTest {
    private static int[] row(ResampleKernel k, int o) {
        return Arrays.copyOfRange(k.weights, o * k.taps, o * k.taps + k.count[o]);
    }

    @Test
    void halvingSpreadsTheTriangleOverTwoInputsEachSide() {
        // 4 -> 2: scale 2, support 2; output 0: center 1, inputs 0..2, tri(-0.25, 0.25, 0.75) = 3/4, 3/4, 1/4 -> 3/7, 3/7, 1/7
        ResampleKernel k = ResampleKernel.bilinear(4, 2);
        assertThat(k.taps).isEqualTo(5);
        assertThat(k.start[0]).isZero();
        assertThat(row(k, 0)).containsExactly(1797559, 1797559, 599186);   // round(3/7 * 2^22), round(1/7 * 2^22)
        assertThat(k.start[1]).isEqualTo(1);
        assertThat(row(k, 1)).containsExactly(599186, 1797559, 1797559);
    }

    @Test
    void doublingInterpolatesBetweenNeighbours() {
        // 2 -> 4: support 1; output 0: center 0.25, input 0 only; output 1: center 0.75, tri(-0.25), tri(0.75) = 3/4, 1/4
        ResampleKernel k = ResampleKernel.bilinear(2, 4);
        assertThat(k.taps).isEqualTo(3);
        assertThat(row(k, 0)).containsExactly(1 << 22);
        assertThat(row(k, 1)).containsExactly(3 << 20, 1 << 20);
        assertThat(row(k, 2)).containsExactly(1 << 20, 3 << 20);
        assertThat(row(k, 3)).containsExactly(1 << 22);
    }

    @Test
    void sameSizeIsTheIdentityAndKernelsAreShared() {
        ResampleKernel k = ResampleKernel.bilinear(5, 5);
        for (int o = 0; o < 5; o++) {
            assertThat(k.start[o]).isEqualTo(o);
            assertThat(row(k, o)[0]).isEqualTo(1 << 22);
        }
        assertThat(ResampleKernel.bilinear(5, 5)).isSameAs(k);
    }

    @Test
    void clip8RoundsDownTheFixedPointSumIntoOneByte() {
        assertThat(ResampleKernel.clip8(ResampleKernel.HALF + 7 * (1 << 22))).isEqualTo(7);
        assertThat(ResampleKernel.clip8(300 << 22)).isEqualTo(255);
        assertThat(ResampleKernel.clip8(-5 << 22)).isZero();
    }
}
