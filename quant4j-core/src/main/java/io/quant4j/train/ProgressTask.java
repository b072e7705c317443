package io.quant4j.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Progress of one counted piece of work (an epoch's training steps, the calibration batches),
 * shown by one rule whoever does the work:
 * <ul>
 *   <li>{@link ProgressMode#BAR}: a bar redrawn in place (carriage returns), closed with a newline;</li>
 *   <li>{@link ProgressMode#LOG}: whole lines only, never a carriage return or a partial line: one
 *       each time the work crosses a further tenth of its total (10 %, 20 %, ... 90 %), or when
 *       {@link #LOG_INTERVAL} has passed since the last line, whichever comes first, and a final
 *       line on {@link #close()};</li>
 *   <li>{@link ProgressMode#NONE}: nothing;</li>
 *   <li>{@link ProgressMode#AUTO}: {@code BAR} when the stream is a terminal, else {@code LOG}
 *       (see {@link #resolve}).</li>
 * </ul>
 *
 * <pre>{@code
 * try (ProgressTask p = ProgressTask.start(ProgressMode.AUTO, System.err, "calibration", 16, "batches")) {
 *     for (int i = 1; i <= 16; i++) { work(); p.stepTo(i); }
 * }
 * }</pre>
 */
public abstract class ProgressTask implements AutoCloseable {
    /** In {@link ProgressMode#LOG}: the longest time without a line while the work goes on. */
    public static final Duration LOG_INTERVAL = Duration.ofSeconds(30);

    ProgressTask() {}

    /**
     * Starts showing {@code total} units of work named {@code task} on {@code out}.
     *
     * @param unit what is counted, plural ({@code "steps"}, {@code "batches"})
     */
    public static ProgressTask start(ProgressMode mode, PrintStream out, String task, long total, String unit) {
        return start(mode, out, task, total, unit, System::nanoTime);
    }

    /** As {@link #start(ProgressMode, PrintStream, String, long, String)} with a clock (nanoseconds) for tests. */
    static ProgressTask start(ProgressMode mode, PrintStream out, String task, long total, String unit, LongSupplier clock) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(unit, "unit");
        if (total < 0) {
            throw new IllegalArgumentException("expected a total >= 0 for progress of '" + task + "', found " + total);
        }
        return switch (resolve(mode, out)) {
            case BAR -> new ProgressBarTask(out, task, total, unit);
            case LOG -> new ProgressLines(out, task, total, unit, clock, LOG_INTERVAL.toNanos());
            default -> new Silent();
        };
    }

    /**
     * The mode actually used on {@code out}: {@link ProgressMode#AUTO} becomes {@code BAR} when
     * {@code out} is the process's standard output or error and that stream is a terminal
     * ({@link TerminalCheck}), else {@code LOG}; any other mode is returned as given.
     */
    public static ProgressMode resolve(ProgressMode mode, PrintStream out) {
        Objects.requireNonNull(mode, "mode");
        if (mode != ProgressMode.AUTO) {
            return mode;
        }
        return TerminalCheck.isTerminal(out) ? ProgressMode.BAR : ProgressMode.LOG;
    }

    /** {@code done} units of the total are done; {@code message} (may be empty) is shown with the count. */
    public abstract void stepTo(long done, String message);

    /** {@code done} units of the total are done. */
    public void stepTo(long done) {
        stepTo(done, "");
    }

    /** Ends the display: the bar's last state or the final line. Further calls do nothing. */
    @Override
    public abstract void close();

    /** {@link ProgressMode#NONE}. */
    private static final class Silent extends ProgressTask {
        @Override
        public void stepTo(long done, String message) {}

        @Override
        public void close() {}
    }
}
