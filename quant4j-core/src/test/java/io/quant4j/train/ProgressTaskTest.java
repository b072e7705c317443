package io.quant4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link ProgressTask} on a stream that is not a terminal: whole lines at each tenth, every 30 s, and at the end. */
class ProgressTaskTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    /** A clock the test moves; starts at an arbitrary value. */
    private long now = 5_000_000_000L;

    private ProgressTask start(ProgressMode mode, long total, String unit) {
        return ProgressTask.start(mode, out, "work", total, unit, () -> now);
    }

    /** The output, checked to be whole lines without carriage returns, split into lines. */
    private List<String> lines() {
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertThat(s).doesNotContain("\r").endsWith("\n");
        return List.of(s.substring(0, s.length() - 1).split("\n", -1));
    }

    private void advanceMillis(long ms) {
        now += TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Test
    void hundredStepsGiveALinePerTenthAndAFinalLine() {
        try (ProgressTask p = start(ProgressMode.AUTO, 100, "steps")) {
            for (int i = 1; i <= 100; i++) {
                advanceMillis(100);
                p.stepTo(i);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int k = 1; k <= 9; k++) {
            expected.add("work: " + 10 * k + "/100 steps (" + 10 * k + "%) after " + k + ".0 s");
        }
        expected.add("work finished: 100/100 steps (100%) in 10.0 s");
        assertThat(lines()).containsExactlyElementsOf(expected);
    }

    @Test
    void sevenStepsGiveALineAtEachTenthCrossedAndAFinalLine() {
        try (ProgressTask p = start(ProgressMode.LOG, 7, "batches")) {
            for (int i = 1; i <= 7; i++) {
                advanceMillis(200);
                p.stepTo(i);
            }
        }
        assertThat(lines()).containsExactly(
                "work: 1/7 batches (14%) after 0.2 s",
                "work: 2/7 batches (28%) after 0.4 s",
                "work: 3/7 batches (42%) after 0.6 s",
                "work: 4/7 batches (57%) after 0.8 s",
                "work: 5/7 batches (71%) after 1.0 s",
                "work: 6/7 batches (85%) after 1.2 s",
                "work finished: 7/7 batches (100%) in 1.4 s");
    }

    @Test
    void slowWorkGetsALineEveryThirtySecondsBetweenTenths() {
        try (ProgressTask p = start(ProgressMode.LOG, 1000, "steps")) {
            for (int i = 1; i <= 20; i++) {
                advanceMillis(7_000);
                p.stepTo(i, "loss " + i);
            }
        }
        assertThat(lines()).containsExactly(
                "work: 5/1000 steps (0%) after 35.0 s, loss 5",
                "work: 10/1000 steps (1%) after 70.0 s, loss 10",
                "work: 15/1000 steps (1%) after 105.0 s, loss 15",
                "work: 20/1000 steps (2%) after 140.0 s, loss 20",
                "work finished: 20/1000 steps (2%) in 140.0 s, loss 20");
    }

    @Test
    void aTenthLineRestartsTheThirtySeconds() {
        try (ProgressTask p = start(ProgressMode.LOG, 10, "")) {
            advanceMillis(29_000);
            p.stepTo(1);
            advanceMillis(29_000);
            p.stepTo(1);
            advanceMillis(1_000);
            p.stepTo(1);
        }
        assertThat(lines()).containsExactly(
                "work: 1/10 (10%) after 29.0 s",
                "work: 1/10 (10%) after 59.0 s",
                "work finished: 1/10 (10%) in 59.0 s");
    }

    @Test
    void noneWritesNothingAndAutoOnABufferIsLog() {
        try (ProgressTask p = start(ProgressMode.NONE, 3, "steps")) {
            p.stepTo(3);
        }
        assertThat(bytes.size()).isZero();
        assertThat(ProgressTask.resolve(ProgressMode.AUTO, out)).isEqualTo(ProgressMode.LOG);
        assertThat(ProgressTask.resolve(ProgressMode.BAR, out)).isEqualTo(ProgressMode.BAR);
        assertThat(ProgressTask.resolve(ProgressMode.NONE, out)).isEqualTo(ProgressMode.NONE);
    }

    @Test
    void forcedBarRedrawsInPlace() {
        try (ProgressTask p = start(ProgressMode.BAR, 4, "steps")) {
            p.stepTo(4);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("\r").contains("4/4");
    }

    @Test
    void stepsAfterCloseAreAnError() {
        ProgressTask p = start(ProgressMode.LOG, 4, "steps");
        p.close();
        p.close();
        assertThat(lines()).containsExactly("work finished: 0/4 steps (0%) in 0.0 s");
        assertThatThrownBy(() -> p.stepTo(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
