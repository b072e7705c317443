package io.quant4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.nn.BatchNorm2d;
import io.quant4j.nn.StateDict;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * {@link ModelEma} on a 2-channel BatchNorm (float parameters, float buffers and the int64
 * {@code num_batches_tracked}): each update is {@code ema = decay * ema + (1 - decay) * value} with
 * a constant decay (no warm-up schedule), computed here in double; integer buffers are copied.
 */
class ModelEmaTest {
    /** Sets the BatchNorm's state entries named in {@code values} (the others keep theirs). */
    private static void set(BatchNorm2d bn, Map<String, Tensor> values) {
        StateDict.load(bn, values, false, "test values");
    }

    private static Map<String, Tensor> weightAndCount(float w0, float w1, long count) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("weight", Tensor.fromFloats(new float[] {w0, w1}, 2));
        m.put("num_batches_tracked", Tensor.fromLongs(new long[] {count}).reshape());
        return m;
    }

    @Test
    void theJavadocExampleDecay09FromZeroToOne() {
        try (BatchNorm2d bn = new BatchNorm2d(2); Scope s = Scope.open()) {
            set(bn, weightAndCount(0f, 0f, 0));
            try (ModelEma ema = new ModelEma(bn, 0.9)) {
                set(bn, weightAndCount(1f, 1f, 1));
                ema.update(bn);
                assertThat(ema.state().get("weight").toFloatArray()[0]).isCloseTo(0.1f, Offset.offset(1e-7f));
                ema.update(bn);
                assertThat(ema.state().get("weight").toFloatArray()[0]).isCloseTo(0.19f, Offset.offset(1e-7f));
                assertThat(ema.updates()).isEqualTo(2);
                assertThat(ema.decay()).isEqualTo(0.9);
            }
        }
    }

    @Test
    void everyFloatEntryFollowsTheFormulaAndIntegersAreCopied() {
        double decay = 0.8;
        try (BatchNorm2d bn = new BatchNorm2d(2); Scope s = Scope.open()) {
            set(bn, weightAndCount(0.5f, -2f, 3));
            double[] w = {0.5, -2};
            double[] var = {1, 1};   // running_var starts at ones
            try (ModelEma ema = new ModelEma(bn, decay)) {
                for (int t = 1; t <= 20; t++) {
                    float v0 = (float) Math.sin(t);
                    float v1 = (float) (3 * Math.cos(0.5 * t));
                    float rv = 1f + t;
                    Map<String, Tensor> values = weightAndCount(v0, v1, 3 + t);
                    values.put("running_var", Tensor.fromFloats(new float[] {rv, 2 * rv}, 2));
                    set(bn, values);
                    ema.update(bn);
                    w[0] = decay * w[0] + (1 - decay) * v0;
                    w[1] = decay * w[1] + (1 - decay) * v1;
                    var[0] = decay * var[0] + (1 - decay) * rv;
                    var[1] = decay * var[1] + (1 - decay) * 2 * rv;
                    Map<String, Tensor> st = ema.state();
                    float[] gotW = st.get("weight").toFloatArray();
                    float[] gotVar = st.get("running_var").toFloatArray();
                    for (int c = 0; c < 2; c++) {
                        assertThat((double) gotW[c]).as("weight[%d] after %d updates", c, t).isCloseTo(w[c], Offset.offset(1e-5));
                        assertThat((double) gotVar[c]).as("running_var[%d] after %d updates", c, t)
                                .isCloseTo(var[c], Offset.offset(1e-4));
                    }
                    assertThat(st.get("num_batches_tracked").toLongArray()).as("copied, not averaged").containsExactly(3 + t);
                    // entries that never change stay where they started
                    assertThat(st.get("bias").toFloatArray()).containsExactly(0f, 0f);
                }
                assertThat(ema.updates()).isEqualTo(20);
            }
        }
    }

    @Test
    void averagedWeightsAreInTheModelOnlyDuringTheBody() {
        try (BatchNorm2d bn = new BatchNorm2d(2); Scope s = Scope.open()) {
            set(bn, weightAndCount(0f, 4f, 0));
            try (ModelEma ema = new ModelEma(bn, 0.75)) {
                set(bn, weightAndCount(1f, 0f, 5));
                ema.update(bn);   // 0.75 * [0, 4] + 0.25 * [1, 0] = [0.25, 3]
                float[] inside = ema.withAveragedWeights(bn, () -> bn.stateTensors().get("weight").toFloatArray());
                assertThat(inside).containsExactly(0.25f, 3f);
                assertThat(bn.stateTensors().get("weight").toFloatArray()).containsExactly(1f, 0f);
                assertThat(bn.stateTensors().get("num_batches_tracked").toLongArray()).containsExactly(5);
            }
        }
    }

    @Test
    void loadReplacesTheAverageAndChecksNamesAndShapes() {
        try (BatchNorm2d bn = new BatchNorm2d(2); Scope s = Scope.open(); ModelEma ema = new ModelEma(bn, 0.5)) {
            Map<String, Tensor> saved = new LinkedHashMap<>();
            bn.stateTensors().forEach((k, v) -> saved.put(k, v));
            saved.put("weight", Tensor.fromFloats(new float[] {2f, 6f}, 2));
            ema.load(saved);
            set(bn, weightAndCount(4f, 2f, 0));
            ema.update(bn);   // 0.5 * [2, 6] + 0.5 * [4, 2]
            assertThat(ema.state().get("weight").toFloatArray()).containsExactly(3f, 4f);

            Map<String, Tensor> missing = new LinkedHashMap<>(saved);
            missing.remove("running_mean");
            assertThatThrownBy(() -> ema.load(missing)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("running_mean");
            Map<String, Tensor> wrong = new LinkedHashMap<>(saved);
            wrong.put("bias", Tensor.zeros(3));
            assertThatThrownBy(() -> ema.load(wrong)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bias");
        }
    }

    @Test
    void decayMustLieStrictlyBetweenZeroAndOne() {
        try (BatchNorm2d bn = new BatchNorm2d(1)) {
            for (double d : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
                assertThatThrownBy(() -> new ModelEma(bn, d)).as("decay %s", d).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }
}
