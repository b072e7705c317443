package io.quant4j.quantization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuantGridTest {

    @Test
    void boundsFollowTheSpec() {
        assertThat(QuantGrid.INT8.maxBound()).isEqualTo(127);
        assertThat(QuantGrid.INT8.minBound()).isEqualTo(-128);
        assertThat(new QuantGrid(8, false, true).minBound()).isEqualTo(-127);
        assertThat(new QuantGrid(8, true, false).maxBound()).isEqualTo(255);
        assertThat(new QuantGrid(8, true, true).minBound()).isZero();
        assertThat(new QuantGrid(4, false, false).maxBound()).isEqualTo(7);
        assertThat(new QuantGrid(4, false, false).minBound()).isEqualTo(-8);
        assertThat(QuantGrid.INT8.levels()).isEqualTo(128);
        assertThat(new QuantGrid(8, true, false).levels()).isEqualTo(256);
        assertThatThrownBy(() -> new QuantGrid(1, false, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void specExamples() {
        QuantGrid g = QuantGrid.INT8;
        assertThat(g.fakeQuant(-1.01f, 1f)).isEqualTo(-128f / 127f);
        assertThat(g.fakeQuant(0.0059055f, 1f)).isEqualTo(1f / 127f);
        assertThat(g.fakeQuant(0.0019685f, 1f)).isEqualTo(0f);
        assertThat(g.fakeQuant(2f, 1f)).isEqualTo(1f);
        assertThat(g.fakeQuant(0.5f, 0f)).isEqualTo(0f);
        assertThat(g.fakeQuant(0.5f, QuantGrid.MIN_AMAX)).isEqualTo(0f);
        // amax 127: scale 1, so x is its own level; ties round to even
        assertThat(g.fakeQuant(0.5f, 127f)).isEqualTo(0f);
        assertThat(g.fakeQuant(1.5f, 127f)).isEqualTo(2f);
        assertThat(g.fakeQuant(2.5f, 127f)).isEqualTo(2f);
        assertThat(Float.floatToIntBits(g.fakeQuant(-0.5f, 127f))).isEqualTo(Float.floatToIntBits(-0f));
        assertThat(g.fakeQuant(-200f, 127f)).isEqualTo(-128f);
        assertThat(Float.floatToIntBits(g.fakeQuant(-0.001f, 1f))).isEqualTo(Float.floatToIntBits(-0f));
        assertThat(g.toString()).isEqualTo("8bit");
        assertThat(new QuantGrid(8, true, false).toString()).isEqualTo("unsigned 8bit");
    }
}
