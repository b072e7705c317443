package io.quant4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.quant4j.errors.ShapeMismatchException;
import io.quant4j.tensor.Scope;
import io.quant4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The distillation divergences against a hand computation in double precision. */
class DivergenceTest {
    static final float[] S = {1.0f, -0.5f, 2.0f, 0.25f, 0.0f, -1.5f};
    static final float[] T = {0.5f, 0.0f, 1.5f, 1.0f, -0.5f, -1.0f};

    @Test
    void meanSquaredErrorIsTheMeanOfSquaredDifferences() {
        double expected = 0;
        for (int i = 0; i < S.length; i++) {
            expected += (S[i] - T[i]) * (S[i] - T[i]);
        }
        expected /= S.length; // (0.25 + 0.25 + 0.25 + 0.5625 + 0.25 + 0.25) / 6
        assertThat(expected).isCloseTo(1.8125 / 6, within(1e-12));
        try (Scope s = Scope.open()) {
            float v = new Divergence.MeanSquaredError().between(Tensor.fromFloats(S, 2, 3), Tensor.fromFloats(T, 2, 3)).item();
            assertThat((double) v).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void klOfLogitsWithTemperatureIsTSquaredTimesBatchMeanKl() {
        for (double temp : new double[] {1, 2}) {
            double expected = temp * temp * kl(S, T, 2, 3, temp);
            try (Scope s = Scope.open()) {
                float v = new Divergence.KlDivergence(temp, false).between(Tensor.fromFloats(S, 2, 3), Tensor.fromFloats(T, 2, 3)).item();
                assertThat((double) v).as("T = %s", temp).isCloseTo(expected, within(1e-6));
            }
        }
    }

    @Test
    void klOfSequencesAveragesOverEveryPosition() {
        // 1 x 2 x 3: two positions of three classes, the same numbers as two rows of N x K
        double expected = kl(S, T, 2, 3, 1);
        try (Scope s = Scope.open()) {
            float v = new Divergence.KlDivergence(1, false).between(Tensor.fromFloats(S, 1, 2, 3), Tensor.fromFloats(T, 1, 2, 3)).item();
            assertThat((double) v).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void klOfProbabilitiesEqualsKlOfTheLogitsTheyCameFrom() {
        float[] ps = softmaxRows(S, 2, 3);
        float[] pt = softmaxRows(T, 2, 3);
        double expected = kl(S, T, 2, 3, 1);
        assertThat(expected).isGreaterThan(0.05);
        try (Scope s = Scope.open()) {
            float v = new Divergence.KlDivergence(1, true).between(Tensor.fromFloats(ps, 2, 3), Tensor.fromFloats(pt, 2, 3)).item();
            assertThat((double) v).isCloseTo(expected, within(1e-5));
            float same = new Divergence.KlDivergence(1, true).between(Tensor.fromFloats(pt, 2, 3), Tensor.fromFloats(pt, 2, 3)).item();
            assertThat(same).isCloseTo(0f, within(1e-6f));
        }
    }

    @Test
    void shapesMustMatchAndTemperatureMustBePositive() {
        try (Scope s = Scope.open()) {
            assertThatThrownBy(() -> new Divergence.MeanSquaredError().between(Tensor.fromFloats(S, 2, 3), Tensor.fromFloats(T, 3, 2)))
                    .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("[2, 3]").hasMessageContaining("[3, 2]");
            assertThatThrownBy(() -> new Divergence.KlDivergence(1, false).between(Tensor.fromFloats(S, 6), Tensor.fromFloats(T, 6)))
                    .isInstanceOf(ShapeMismatchException.class).hasMessageContaining("N x K");
        }
        assertThatThrownBy(() -> new Divergence.KlDivergence(0, false)).isInstanceOf(TrainingParamsException.class)
                .hasMessageContaining("temperature");
    }

    /** mean over rows of sum_k q_k (log q_k - log p_k), q = softmax(t / T), p = softmax(s / T), in double. */
    static double kl(float[] s, float[] t, int rows, int k, double temp) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double[] logP = logSoftmax(s, r * k, k, temp);
            double[] logQ = logSoftmax(t, r * k, k, temp);
            for (int j = 0; j < k; j++) {
                total += Math.exp(logQ[j]) * (logQ[j] - logP[j]);
            }
        }
        return total / rows;
    }

    private static double[] logSoftmax(float[] z, int off, int k, double temp) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, z[off + j] / temp);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            sum += Math.exp(z[off + j] / temp - max);
        }
        double[] out = new double[k];
        for (int j = 0; j < k; j++) {
            out[j] = z[off + j] / temp - max - Math.log(sum);
        }
        return out;
    }

    private static float[] softmaxRows(float[] z, int rows, int k) {
        float[] out = new float[z.length];
        for (int r = 0; r < rows; r++) {
            double[] l = logSoftmax(z, r * k, k, 1);
            for (int j = 0; j < k; j++) {
                out[r * k + j] = (float) Math.exp(l[j]);
            }
        }
        return out;
    }
}
