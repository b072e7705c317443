package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TranspositionTest {
    /** 2 x 3, values 0..5 row by row: PIL's transpose results below were printed by Pillow 9.4. */
    private static final Image8 IMG = new Image8(2, 3, 1, new byte[] {0, 1, 2, 3, 4, 5});

    private static void check(Transposition t, int h, int w, int... values) {
        Image8 out = t.apply(IMG);
        assertThat(out.height()).as(t + " height").isEqualTo(h);
        assertThat(out.width()).as(t + " width").isEqualTo(w);
        byte[] expected = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            expected[i] = (byte) values[i];
        }
        assertThat(out.data()).as(t.toString()).containsExactly(expected);
    }

    @Test
    void eachOperationMatchesPil() {
        check(Transposition.FLIP_LEFT_RIGHT, 2, 3, 2, 1, 0, 5, 4, 3);
        check(Transposition.FLIP_TOP_BOTTOM, 2, 3, 3, 4, 5, 0, 1, 2);
        check(Transposition.ROTATE_90, 3, 2, 2, 5, 1, 4, 0, 3);
        check(Transposition.ROTATE_180, 2, 3, 5, 4, 3, 2, 1, 0);
        check(Transposition.ROTATE_270, 3, 2, 3, 0, 4, 1, 5, 2);
        check(Transposition.TRANSPOSE, 3, 2, 0, 3, 1, 4, 2, 5);
        check(Transposition.TRANSVERSE, 3, 2, 5, 2, 4, 1, 3, 0);
    }

    @Test
    void channelsMoveTogether() {
        Image8 rgb = new Image8(1, 2, 3, new byte[] {1, 2, 3, 4, 5, 6});
        assertThat(Transposition.FLIP_LEFT_RIGHT.apply(rgb).data()).containsExactly(4, 5, 6, 1, 2, 3);
        assertThat(Transposition.ROTATE_90.apply(rgb).data()).containsExactly(4, 5, 6, 1, 2, 3);
        assertThat(Transposition.ROTATE_90.apply(rgb).height()).isEqualTo(2);
    }

    @Test
    void exifOrientationsMapAsExifTranspose() {
        assertThat(Transposition.forExifOrientation(1)).isNull();
        assertThat(Transposition.forExifOrientation(2)).isEqualTo(Transposition.FLIP_LEFT_RIGHT);
        assertThat(Transposition.forExifOrientation(3)).isEqualTo(Transposition.ROTATE_180);
        assertThat(Transposition.forExifOrientation(4)).isEqualTo(Transposition.FLIP_TOP_BOTTOM);
        assertThat(Transposition.forExifOrientation(5)).isEqualTo(Transposition.TRANSPOSE);
        assertThat(Transposition.forExifOrientation(6)).isEqualTo(Transposition.ROTATE_270);
        assertThat(Transposition.forExifOrientation(7)).isEqualTo(Transposition.TRANSVERSE);
        assertThat(Transposition.forExifOrientation(8)).isEqualTo(Transposition.ROTATE_90);
        assertThat(Transposition.forExifOrientation(0)).isNull();
        assertThat(Transposition.forExifOrientation(9)).isNull();
    }
}
