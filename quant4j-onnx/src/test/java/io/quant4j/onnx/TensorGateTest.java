package io.quant4j.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-tensor mean gate: export errors fail it in both forms; cascaded rounding noise passes the imported-graph form. */
class TensorGateTest {
    private static final double MAX_MEAN = VerifyOptions.defaults().maxTensorMeanSteps();

    /** {@code n} differences: {@code shift} everywhere plus Gaussian noise of {@code sigma} steps, rounded. */
    private static TensorAgreement diffs(int n, double shift, double sigma, long seed) {
        Random r = new Random(seed);
        long[] d = new long[n];
        for (int i = 0; i < n; i++) {
            d[i] = Math.round(shift + sigma * r.nextGaussian());
        }
        return TensorAgreement.empty("q").add(d);
    }

    private static boolean passes(TensorGate g, TensorAgreement t) {
        return Math.abs(t.meanSteps()) <= g.allowed(t, MAX_MEAN);
    }

    @Test
    void aZeroPointOneLevelOffOrRoundingDownFailsBothGates() {
        TensorAgreement zeroPoint = diffs(100_000, 1.0, 0.3, 1);
        TensorAgreement roundDown = diffs(100_000, -0.5, 0.3, 2);
        for (TensorGate g : new TensorGate[] {TensorGate.EXACT, TensorGate.CASCADED}) {
            assertThat(passes(g, zeroPoint)).as("zero point off by one, %s", g).isFalse();
            assertThat(passes(g, roundDown)).as("rounding down, %s", g).isFalse();
        }
    }

    @Test
    void cascadedNoiseWithASmallShiftPassesOnlyTheImportedGraphGate() {
        // a deep graph's cascaded flips: a spread of about 1.5 steps, mean pushed 0.07 step by nonlinear ops
        TensorAgreement cascade = diffs(200_000, 0.07, 1.5, 3);
        assertThat(passes(TensorGate.CASCADED, cascade)).isTrue();
        assertThat(passes(TensorGate.EXACT, cascade)).isFalse();
        TensorAgreement clean = diffs(200_000, 0, 0.2, 4);
        assertThat(passes(TensorGate.EXACT, clean)).isTrue();
    }

    @Test
    void outOfRangeSettingsAreRefused() {
        assertThatThrownBy(() -> new TensorGate(0, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TensorGate(1, 0.6)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TensorGate(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
