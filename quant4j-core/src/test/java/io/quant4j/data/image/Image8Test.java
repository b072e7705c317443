package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Image8Test {
    @Test
    void holdsHwcBytesAndChecksItsShape() {
        Image8 img = new Image8(2, 2, 3, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, (byte) 200});
        assertThat(img.get(1, 1, 2)).isEqualTo(200);
        assertThat(img.get(0, 1, 0)).isEqualTo(4);
        assertThat(img.shape().toString()).isEqualTo("3x2x2");
        assertThatThrownBy(() -> img.get(2, 0, 0)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("(2, 0, 0)");
        assertThatThrownBy(() -> new Image8(2, 2, 3, new byte[11])).hasMessageContaining("expected 2 x 2 x 3 = 12 bytes, found 11");
        assertThatThrownBy(() -> new Image8(2, 2, 4, new byte[16])).hasMessageContaining("1 (grey) or 3 (RGB)");
        assertThatThrownBy(() -> new Image8(0, 2, 1, new byte[0])).hasMessageContaining("positive");
    }

    @Test
    void cropIsPilsCropWithZerosOutside() {
        Image8 img = new Image8(2, 3, 1, new byte[] {1, 2, 3, 4, 5, 6});
        assertThat(img.crop(0, 1, 2, 2).data()).containsExactly(2, 3, 5, 6);
        assertThat(img.crop(-1, -1, 4, 5).data()).containsExactly(
                0, 0, 0, 0, 0,
                0, 1, 2, 3, 0,
                0, 4, 5, 6, 0,
                0, 0, 0, 0, 0);
        assertThat(img.crop(5, 5, 1, 2).data()).containsExactly(0, 0);
        assertThat(img.crop(0, 0, 2, 3)).isSameAs(img);
    }
}
