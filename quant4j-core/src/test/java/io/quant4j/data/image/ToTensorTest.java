package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.data.Normalize;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ToTensorTest {
    @Test
    void rgbBecomesPlanesDividedBy255() {
        Image8 img = new Image8(1, 2, 3, new byte[] {0, 51, (byte) 255, 102, (byte) 204, 1});
        assertThat(ToTensor.toChw(img)).containsExactly(0f, 102f / 255, 51f / 255, 204f / 255, 1f, 1f / 255);
    }

    @Test
    void writesAtAnOffsetAndLeavesTheRest() {
        Image8 grey = new Image8(2, 1, 1, new byte[] {(byte) 255, 0});
        float[] batch = {-1, -1, -1, -1, -1};
        ToTensor.write(grey, batch, 2);
        assertThat(batch).containsExactly(-1, -1, 1, 0, -1);
        assertThatThrownBy(() -> ToTensor.write(grey, batch, 4))
                .hasMessageContaining("expected room for 1x2x1 = 2 floats at offset 4, found a buffer of 5");
    }

    @Test
    void normalizeThenStandardizesTheSameBuffer() {
        Image8 img = new Image8(1, 1, 3, new byte[] {(byte) 255, 0, (byte) 128});
        float[] x = ToTensor.toChw(img);
        new Normalize(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f})
                .apply(x, 0, img.shape(), new SplittableRandom(0));
        assertThat(x[0]).isEqualTo((1f - 0.485f) / 0.229f);
        assertThat(x[1]).isEqualTo((0f - 0.456f) / 0.224f);
        assertThat(x[2]).isEqualTo((128f / 255 - 0.406f) / 0.225f);
    }
}
