package io.quant4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PeakMemoryTest {
    private static final String STATUS = "Name:\tjava\nVmPeak:\t 7205900 kB\nVmHWM:\t  853412 kB\nVmRSS:\t  801000 kB\n";

    @Test
    void parsesKilobyteLinesIntoBytes() {
        assertThat(PeakMemory.parse(STATUS, "VmHWM")).hasValue(853_412L * 1024);
        assertThat(PeakMemory.parse(STATUS, "VmRSS")).hasValue(801_000L * 1024);
        assertThat(PeakMemory.parse(STATUS, "VmSwap")).isEmpty();
    }

    @Test
    void aMalformedLineIsAnErrorThatQuotesIt() {
        assertThatThrownBy(() -> PeakMemory.parse("VmHWM:\t 12 MB\n", "VmHWM"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VmHWM:\t 12 MB");
    }

    @Test
    void thePeakOfThisProcessCoversWhatItHoldsNow() {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux's /proc/self/status");
        long before = PeakMemory.peakResidentBytes().orElseThrow();
        byte[] touched = new byte[64 << 20];
        for (int i = 0; i < touched.length; i += 4096) {
            touched[i] = 1;
        }
        long after = PeakMemory.peakResidentBytes().orElseThrow();
        assertThat(before).isPositive();
        assertThat(after).isGreaterThanOrEqualTo(before);
        assertThat(touched[touched.length - 4096]).isEqualTo((byte) 1);
    }
}
