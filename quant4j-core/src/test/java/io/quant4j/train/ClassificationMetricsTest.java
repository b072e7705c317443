package io.quant4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * {@link ClassificationMetrics} on hand-made logits: top-1, top-5 (ties broken by index) and the
 * mean cross-entropy {@code log(sum exp(l)) - l[label]}.
 */
class ClassificationMetricsTest {
    @Test
    void countsTopKAndTheMeanCrossEntropy() {
        ClassificationMetrics cm = new ClassificationMetrics();
        float[] logits = {
            0, 5, 1, 2, 3, 4, 0, 0,   // label 1: top-1
            9, 8, 7, 6, 5, 4, 3, 2,   // label 5: rank 5 -> top-5 miss (0..4 are larger)
            1, 1, 1, 1, 1, 1, 1, 1,   // label 4: ties, index order -> rank 4 -> top-5 hit
        };
        cm.add(logits, new long[] {1, 5, 4});
        assertThat(cm.count()).isEqualTo(3);
        assertThat(cm.top1()).isEqualTo(1.0 / 3);
        assertThat(cm.top5()).isEqualTo(2.0 / 3);
        // mean cross-entropy: log(sum exp(l)) - l[label], per row by hand
        double l0 = Math.log(3 + Math.exp(5) + Math.E + Math.exp(2) + Math.exp(3) + Math.exp(4)) - 5;
        double l1 = Math.log(Math.exp(9) + Math.exp(8) + Math.exp(7) + Math.exp(6) + Math.exp(5) + Math.exp(4) + Math.exp(3)
                + Math.exp(2)) - 4;
        assertThat(cm.loss()).isCloseTo((l0 + l1 + Math.log(8)) / 3, Offset.offset(1e-6));
        float[] uniform = new float[10];
        ClassificationMetrics u = new ClassificationMetrics();
        u.add(uniform, new long[] {0});
        assertThat(u.loss()).isCloseTo(Math.log(10), Offset.offset(1e-9));
    }
}
