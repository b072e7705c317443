package io.quant4j.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quant4j.testing.GradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CrossEntropyTest {
    @Test
    void valueMatchesFormulaWithLabelSmoothing() {
        try (Scope s = Scope.open()) {
            Tensor logits = Tensor.fromFloats(new float[] {1f, 2f, 3f, 0.5f, 0.5f, 0.5f}, 2, 3);
            Tensor labels = Tensor.fromLongs(new long[] {2, 0}, 2);
            double l0 = -Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)));
            double l1 = -Math.log(1.0 / 3);
            assertThat(logits.crossEntropy(labels, 0f).item()).isCloseTo((float) ((l0 + l1) / 2), within(1e-6f));
            double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
            double smooth0 = ((lse - 1) + (lse - 2) + (lse - 3)) / 3;
            double expected = 0.9 * (l0 + l1) / 2 + 0.1 * (smooth0 + l1) / 2;
            assertThat(logits.crossEntropy(labels, 0.1f).item()).isCloseTo((float) expected, within(1e-6f));
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Random rnd = new Random(5);
        GradCheck.check(in -> in.get(0).crossEntropy(Tensor.fromLongs(new long[] {1, 0, 3}, 3), 0.1f),
                List.of(GradCheck.random(rnd, 3, 4)), List.of(new long[] {3, 4}), 12, 1e-6);
    }
}
