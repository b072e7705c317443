package io.quant4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OnnxQatReportTest {
    private static final Path PTQ = Path.of("run", "det_ptq.onnx");

    @Test
    void warnsWhenTheQatFileIsFurtherFromFp32ThanThePtqFile() {
        // det with 39 nodes float, lamb 1e-4: 17.68 dB after PTQ, 11.17 dB after QAT
        String w = OnnxQatReport.drift(17.68, 11.17, PTQ);
        assertThat(w).contains("11.17 dB against 17.68 dB").contains("--lr").contains(PTQ.toString());
        assertThat(OnnxQatReport.drift(17.68, 17.68 - OnnxQatReport.DRIFT_DB, PTQ)).isNotNull();
    }

    @Test
    void staysQuietWhenQatKeepsOrImprovesTheSqnr() {
        assertThat(OnnxQatReport.drift(17.68, 19.38, PTQ)).isNull();
        assertThat(OnnxQatReport.drift(17.68, 17.68, PTQ)).isNull();
        assertThat(OnnxQatReport.drift(17.68, 17.62, PTQ)).isNull();
    }

    @Test
    void aNonFiniteSqnrIsNoDrift() {
        // identical outputs give an infinite SQNR; NaN would mean no signal to compare
        assertThat(OnnxQatReport.drift(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, PTQ)).isNull();
        assertThat(OnnxQatReport.drift(Double.NaN, 10, PTQ)).isNull();
        assertThat(OnnxQatReport.drift(30, Double.POSITIVE_INFINITY, PTQ)).isNull();
    }
}
