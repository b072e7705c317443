package io.quant4j.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColorJitterTest {
    private static Image8 rgb(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return new Image8(1, values.length / 3, 3, b);
    }

    private static int[] values(Image8 im) {
        int[] v = new int[im.data().length];
        for (int i = 0; i < v.length; i++) {
            v[i] = im.data()[i] & 0xff;
        }
        return v;
    }

    @Test
    void theScriptedOrderAndFactorsGivePilsBlends() {
        // two pixels: (200, 100, 0) grey (59800 + 58700 + 500) / 1000 = 119; (50, 50, 50) grey 50
        Image8 in = rgb(200, 100, 0, 50, 50, 50);
        // shuffle {0, 1, 2}: nextInt(3) = 0 swaps positions 2 and 0 -> {2, 1, 0}; nextInt(2) = 1 keeps it:
        // saturation, then contrast (brightness is off and draws nothing)
        ScriptedRandom rng = new ScriptedRandom().nextIntFor(3, 0).nextIntFor(2, 1).doubles(new double[] {0.25, 0.75});
        Image8 out = new ColorJitter(0, 0.4, 0.4).apply(in, rng);
        assertThat(rng.exhausted()).isTrue();
        // saturation f = 0.6 + 0.8 * 0.25 = 0.8: 119 + 0.8 * 81 = 183.8 -> 183; 119 - 15.2 -> 103; 119 - 95.2 -> 23
        // contrast f = 0.6 + 0.8 * 0.75 = 1.2 around round(mean grey) of (183, 103, 23) and (50, 50, 50):
        //   grey 1 = (183*299 + 103*587 + 23*114 + 500) / 1000 = 118, grey 2 = 50, mean 84
        //   84 + 1.2 * 99 = 202.8 -> 202; 84 + 1.2 * 19 = 106.8 -> 106; 84 - 1.2 * 61 = 10.8 -> 10; 84 - 40.8 = 43.2 -> 43
        assertThat(values(out)).containsExactly(202, 106, 10, 43, 43, 43);
    }

    @Test
    void brightnessScalesAndClipsAndSaturationLeavesGreyAlone() {
        Image8 in = rgb(200, 101, 0, 51, 51, 51);
        // f = 0.6 + 0.8 * 0.875 = 1.3: 260 -> 255, 131.3 -> 131, 0, 66.3 -> 66
        ScriptedRandom rng = new ScriptedRandom().nextIntFor(3, 2).nextIntFor(2, 1).doubles(0.875);
        Image8 bright = new ColorJitter(0.4, 0, 0).apply(in, rng);
        assertThat(values(bright)).containsExactly(255, 131, 0, 66, 66, 66);
        Image8 grey = new Image8(1, 2, 1, new byte[] {(byte) 10, (byte) 240});
        assertThat(new ColorJitter(0, 0, 1).apply(grey, new SplittableRandom(3))).isSameAs(grey);
        Image8 flat = rgb(90, 90, 90, 90, 90, 90);
        assertThat(values(new ColorJitter(0, 1, 1).apply(flat, new SplittableRandom(5)))).containsOnly(90);
    }

    @Test
    void aSeedRepeatsTheResultAndStrengthsAreChecked() {
        Image8 in = rgb(200, 100, 0, 50, 60, 70, 10, 250, 128);
        ColorJitter j = new ColorJitter(0.4, 0.4, 0.4);
        assertThat(j.apply(in, new SplittableRandom(9))).isEqualTo(j.apply(in, new SplittableRandom(9)));
        assertThat(j.apply(in, new SplittableRandom(9))).isNotEqualTo(j.apply(in, new SplittableRandom(10)));
        assertThat(j.outputShape(in.shape())).isEqualTo(in.shape());
        assertThatThrownBy(() -> new ColorJitter(1.5, 0, 0)).hasMessageContaining("[0, 1]");
    }
}
