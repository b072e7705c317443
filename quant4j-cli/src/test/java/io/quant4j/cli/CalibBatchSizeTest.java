package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CalibBatchSizeTest {
    @Test
    void smallInputsKeep128AndLargeOnesFitInMemory() {
        assertThat(CalibBatchSize.of(null, new long[] {1, 28, 28})).isEqualTo(128);
        assertThat(CalibBatchSize.of(null, new long[] {3, 48, 320})).isEqualTo(91);
        assertThat(CalibBatchSize.of(null, new long[] {3, 480, 480})).isEqualTo(6);
        assertThat(CalibBatchSize.of(null, new long[] {1, 3, 480, 480})).as("a leading batch dimension is not a sample's").isEqualTo(6);
        assertThat(CalibBatchSize.of(null, new long[] {3, 4096, 4096})).as("never below one image").isEqualTo(1);
    }

    @Test
    void aGivenSizeIsKept() {
        assertThat(CalibBatchSize.of(200, new long[] {3, 480, 480})).isEqualTo(200);
    }
}
