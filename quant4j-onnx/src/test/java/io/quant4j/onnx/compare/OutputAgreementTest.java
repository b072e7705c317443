package io.quant4j.onnx.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OutputAgreementTest {
    @Test
    void sqnrCosineAndDifferencesByHand() {
        // sum ref^2 = 14, sum cand^2 = 21, sum ref*cand = 17, sum diff^2 = 1
        OutputAgreement a = OutputAgreement.empty().add(new float[] {1, 2, 3}, new float[] {1, 2, 4});
        assertThat(a.elements()).isEqualTo(3);
        assertThat(a.sqnrDb()).isCloseTo(10 * Math.log10(14), within(1e-12));
        assertThat(a.sqnrDb()).isCloseTo(11.4613, within(1e-4));
        assertThat(a.cosine()).isCloseTo(17 / Math.sqrt(14 * 21), within(1e-12));
        assertThat(a.maxAbsError()).isEqualTo(1.0);
        assertThat(a.meanAbsError()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void batchesAndOutputsAccumulateAsOneVector() {
        // ref [2, 0 | 0, 2], cand [1, 0 | 0, 3]: sum ref^2 = 8, sum diff^2 = 2 -> 10 log10 4 = 6.02 dB
        OutputAgreement first = OutputAgreement.empty().add(new float[] {2, 0}, new float[] {1, 0});
        OutputAgreement second = OutputAgreement.empty().add(new float[] {0, 2}, new float[] {0, 3});
        OutputAgreement batches = first.add(new float[] {0, 2}, new float[] {0, 3});
        OutputAgreement outputs = first.plus(second);
        for (OutputAgreement a : new OutputAgreement[] {batches, outputs}) {
            assertThat(a.elements()).isEqualTo(4);
            assertThat(a.sqnrDb()).isCloseTo(10 * Math.log10(4), within(1e-12));
            assertThat(a.cosine()).isCloseTo(8 / Math.sqrt(8 * 10), within(1e-12));
            assertThat(a.meanAbsError()).isCloseTo(0.5, within(1e-12));
        }
    }

    @Test
    void equalOutputsHaveInfiniteSqnrAndCosineOne() {
        OutputAgreement a = OutputAgreement.empty().add(new float[] {-1, 0.5f}, new float[] {-1, 0.5f});
        assertThat(a.sqnrDb()).isInfinite().isPositive();
        assertThat(a.cosine()).isCloseTo(1.0, within(1e-12));
        assertThat(a.maxAbsError()).isZero();
        OutputAgreement zeros = OutputAgreement.empty().add(new float[] {0, 0}, new float[] {0, 0});
        assertThat(zeros.cosine()).isEqualTo(1.0);
        assertThat(OutputAgreement.empty().add(new float[] {0, 0}, new float[] {1, 0}).cosine()).isZero();
        assertThat(OutputAgreement.empty().sqnrDb()).isNaN();
    }

    @Test
    void nonFiniteValuesAreCountedNotSummed() {
        OutputAgreement a = OutputAgreement.empty().add(new float[] {1, Float.NaN, 3}, new float[] {1, 2, Float.POSITIVE_INFINITY});
        assertThat(a.elements()).isEqualTo(1);
        assertThat(a.nonFinite()).isEqualTo(2);
        assertThat(a.sqnrDb()).isInfinite();
        assertThat(a.toMap()).containsEntry("non_finite", 2L).containsKeys("sqnr_db", "cosine", "max_abs_diff", "mean_abs_diff");
    }
}
