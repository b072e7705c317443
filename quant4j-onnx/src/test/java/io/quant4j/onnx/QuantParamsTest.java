package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantParamsTest {
    private static Map<String, Object> attrs(float[] amax, long bits, boolean unsigned, boolean narrow, long axis) {
        Map<String, Object> m = new HashMap<>();
        if (amax != null) {
            m.put("amax", amax);
        }
        m.put("num_bits", bits);
        m.put("unsigned", unsigned);
        m.put("narrow_range", narrow);
        m.put("axis", axis);
        return m;
    }

    @Test
    void integersFollowTheSpecExamples() {
        QuantParams p = QuantParams.parse(attrs(new float[] {1f}, 8, false, false, -1), "q", new long[] {4});
        // spec §2: -1.01 -> -128/127, 0.0059055 -> 1/127, 0.0019685 -> 0, 2.0 -> 1.0
        assertThat(p.quantize(new float[] {-1.01f, 0.0059055f, 0.0019685f, 2.0f}, new long[] {4}))
                .containsExactly(-128, 1, 0, 127);
        assertThat(p.onnxScales()).containsExactly(1f / 127f);
    }

    @Test
    void tiesRoundHalfToEvenOnTheFloatProduct() {
        QuantParams p = QuantParams.parse(attrs(new float[] {127f}, 8, false, false, -1), "q", new long[] {4});
        assertThat(p.quantize(new float[] {0.5f, 1.5f, 2.5f, -0.5f}, new long[] {4})).containsExactly(0, 2, 2, 0);
    }

    @Test
    void perChannelAxisZeroUsesEachChannelsAmaxAndTinyAmaxGivesZero() {
        QuantParams p = QuantParams.parse(attrs(new float[] {1f, 2f, 0f}, 8, false, false, 0), "q", new long[] {3, 2});
        assertThat(p.quantize(new float[] {1f, -0.5f, 1f, -0.5f, 1f, 3f}, new long[] {3, 2}))
                .containsExactly(127, -64, 64, -32, 0, 0);
        assertThat(p.onnxScales()).containsExactly(1f / 127f, 2f / 127f, 1f);
    }

    @Test
    void anAmaxTheSimulationTreatsAsZeroGetsScaleOne() {
        // the Java fake quantization outputs 0 for amax <= 2^-24: at scale 1 the tensor's values round to 0 too
        QuantParams p = QuantParams.parse(attrs(new float[] {0f, 0x1p-24f, 0x1p-23f}, 8, false, false, 0), "q", new long[] {3});
        assertThat(p.onnxScales()).containsExactly(1f, 1f, 0x1p-23f / 127f);
        assertThat(p.quantize(new float[] {1e-9f, 1e-9f, 0x1p-23f}, new long[] {3})).containsExactly(0, 0, 127);
    }

    @Test
    void unsignedGridIs0To255() {
        QuantParams p = QuantParams.parse(attrs(new float[] {1f}, 8, true, true, -1), "q", new long[] {2});
        assertThat(p.maxBound()).isEqualTo(255);
        assertThat(p.quantize(new float[] {0.5f, 2f}, new long[] {2})).containsExactly(128, 255);
    }

    @Test
    void aFourBitSignedGridIsMinus8To7WithScaleOver7() {
        QuantParams p = QuantParams.parse(attrs(new float[] {1f, 2f}, 4, false, false, 0), "w", new long[] {2, 3});
        assertThat(p.numBits()).isEqualTo(4);
        assertThat(p.maxBound()).isEqualTo(7);
        assertThat(p.minBound()).isEqualTo(-8);
        assertThat(p.onnxScales()).containsExactly(1f / 7, 2f / 7);
        // channel 0: 0.5 * 7 = 3.5 -> 4 (half to even), -2 -> -8 (clamped); channel 1: 1 * 3.5 -> 4, 3 -> 7
        assertThat(p.quantize(new float[] {0.5f, -2f, 0.1f, 1f, 3f, -0.3f}, new long[] {2, 3}))
                .containsExactly(4, -8, 1, 4, 7, -1);
        assertThat(p.with(new float[] {3f}, -1)).satisfies(q -> {
            assertThat(q.numBits()).isEqualTo(4);
            assertThat(q.axis()).isEqualTo(-1);
        });
        assertThatThrownBy(() -> p.requireActivationGrid("a.b")).isInstanceOf(UnsupportedQuantizerException.class)
                .hasMessageContaining("a.b").hasMessageContaining("4 bits");
        assertThat(QuantParams.parse(attrs(new float[] {1f}, 8, false, false, -1), "x", new long[] {2})
                .requireActivationGrid("x").maxBound()).isEqualTo(127);
        assertThatThrownBy(() -> QuantParams.parse(attrs(new float[] {1f}, 4, true, false, -1), "a.u", new long[] {2}))
                .isInstanceOf(UnsupportedQuantizerException.class).hasMessageContaining("unsigned");
    }

    @Test
    void invalidAttributesAreTypedErrors() {
        long[] s = {3, 2};
        assertThatThrownBy(() -> QuantParams.parse(attrs(null, 8, false, false, -1), "a.b", s))
                .isInstanceOf(UncalibratedQuantizerException.class).hasMessageContaining("a.b");
        assertThatThrownBy(() -> QuantParams.parse(attrs(new float[0], 8, false, false, -1), "a.b", s))
                .isInstanceOf(UncalibratedQuantizerException.class).hasMessageContaining("a.b").hasMessageContaining("empty");
        assertThatThrownBy(() -> QuantParams.parse(attrs(new float[] {1, 2}, 8, false, false, 0), "a.b", s))
                .isInstanceOf(UnsupportedQuantizerException.class).hasMessageContaining("3 values");
        assertThatThrownBy(() -> QuantParams.parse(attrs(new float[] {1, 2}, 8, false, false, -1), "a.b", s))
                .isInstanceOf(UnsupportedQuantizerException.class).hasMessageContaining("one amax");
        assertThatThrownBy(() -> QuantParams.parse(attrs(new float[] {-1}, 8, false, false, -1), "a.b", s))
                .isInstanceOf(UnsupportedQuantizerException.class).hasMessageContaining("amax >= 0");
        assertThatThrownBy(() -> QuantParams.parse(attrs(new float[] {Float.NaN}, 8, false, false, -1), "a.b", s))
                .isInstanceOf(UnsupportedQuantizerException.class);
        assertThatThrownBy(() -> QuantParams.parse(attrs(new float[] {1}, 8, false, false, 5), "a.b", s))
                .isInstanceOf(UnsupportedQuantizerException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> QuantParams.parse(attrs(new float[] {1}, 16, false, false, -1), "a.b", s))
                .isInstanceOf(UnsupportedQuantizerException.class).hasMessageContaining("16");
    }
}
