package io.quant4j.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * {@link ProgressMode#LOG}: whole lines for logs and CI (see {@link ProgressTask}). A line each
 * time the work crosses a further tenth of its total or when the interval has passed since the
 * last line, and a final line on close:
 * <pre>
 * calibration: 3/7 batches (42%) after 0.6 s
 * calibration finished: 7/7 batches (100%) in 1.4 s
 * </pre>
 */
final class ProgressLines extends ProgressTask {
    private final PrintStream out;
    private final String task;
    private final long total;
    private final String unit;
    private final LongSupplier clock;
    private final long intervalNanos;
    private final long start;
    private long lastLine;
    private long tenthsShown;
    private long done;
    private String message = "";
    private boolean closed;

    ProgressLines(PrintStream out, String task, long total, String unit, LongSupplier clock, long intervalNanos) {
        this.out = out;
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.clock = clock;
        this.intervalNanos = intervalNanos;
        this.start = clock.getAsLong();
        this.lastLine = start;
    }

    @Override
    public void stepTo(long done, String message) {
        if (closed) {
            throw new IllegalStateException("progress of '" + task + "' was already closed; start a new ProgressTask");
        }
        this.done = done;
        this.message = message == null ? "" : message;
        if (done >= total) {
            return; // the final line reports the end
        }
        long now = clock.getAsLong();
        long tenths = done * 10 / total;
        if (tenths > tenthsShown || now - lastLine >= intervalNanos) {
            tenthsShown = Math.max(tenthsShown, tenths);
            lastLine = now;
            print(task + ": " + counts() + " after " + seconds(now) + " s");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            print(task + " finished: " + counts() + " in " + seconds(clock.getAsLong()) + " s");
        }
    }

    private String counts() {
        long percent = total == 0 ? 100 : done * 100 / total;
        return done + "/" + total + (unit.isEmpty() ? "" : " " + unit) + " (" + percent + "%)";
    }

    private String seconds(long now) {
        return String.format(Locale.ROOT, "%.1f", (now - start) / 1e9);
    }

    private void print(String line) {
        out.print(message.isEmpty() ? line + "\n" : line + ", " + message + "\n");
        out.flush();
    }
}
