package io.quant4j.train;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress display of a training run (see {@link ProgressMode}). */
abstract class Progress implements AutoCloseable {
    /** Starts an epoch of {@code steps} steps. */
    abstract void startEpoch(int epoch, int epochs, int steps);

    /** Reports {@code done} steps and a status message (loss, accuracy, images/s). */
    abstract void update(int done, String message);

    /** The epoch's training steps are done (validation and checkpoints follow). */
    void endSteps() {}

    /** Ends the epoch with a one-line summary. */
    abstract void endEpoch(String line);

    /** Prints a line outside epochs (resume notices, final summary). */
    abstract void line(String text);

    @Override
    public void close() {}

    static Progress create(ProgressMode mode, PrintStream out) {
        return switch (mode) {
            case NONE -> new None();
            case BAR -> new Bar(out);
            case LOG -> new Log(out, TimeUnit.SECONDS.toNanos(30));
            case AUTO -> System.console() != null ? new Bar(out) : new Log(out, TimeUnit.SECONDS.toNanos(30));
        };
    }

    static final class None extends Progress {
        @Override
        void startEpoch(int epoch, int epochs, int steps) {}

        @Override
        void update(int done, String message) {}

        @Override
        void endEpoch(String line) {}

        @Override
        void line(String text) {}
    }

    /** A redrawn bar (me.tongfei:progressbar) per epoch. */
    static final class Bar extends Progress {
        private final PrintStream out;
        private ProgressBar bar;

        Bar(PrintStream out) {
            this.out = out;
        }

        @Override
        void startEpoch(int epoch, int epochs, int steps) {
            bar = new ProgressBarBuilder()
                    .setTaskName("epoch " + (epoch + 1) + "/" + epochs)
                    .setInitialMax(steps)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500)
                    .setConsumer(new ConsoleProgressBarConsumer(out, 150))
                    .build();
        }

        @Override
        void update(int done, String message) {
            if (bar != null) {
                bar.stepTo(done);
                bar.setExtraMessage(message);
            }
        }

        @Override
        void endSteps() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }

        @Override
        void endEpoch(String line) {
            endSteps();
            out.println(line);
            out.flush();
        }

        @Override
        void line(String text) {
            out.println(text);
            out.flush();
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    /** Plain lines, rate-limited, for non-terminal output. */
    static final class Log extends Progress {
        private final PrintStream out;
        private final long intervalNanos;
        private int epoch;
        private int epochs;
        private int steps;
        private long last;

        Log(PrintStream out, long intervalNanos) {
            this.out = out;
            this.intervalNanos = intervalNanos;
        }

        @Override
        void startEpoch(int epoch, int epochs, int steps) {
            this.epoch = epoch;
            this.epochs = epochs;
            this.steps = steps;
            this.last = System.nanoTime();
        }

        @Override
        void update(int done, String message) {
            long now = System.nanoTime();
            if (now - last >= intervalNanos) {
                last = now;
                out.println("epoch " + (epoch + 1) + "/" + epochs + " step " + done + "/" + steps + ": " + message);
                out.flush();
            }
        }

        @Override
        void endEpoch(String line) {
            out.println(line);
            out.flush();
        }

        @Override
        void line(String text) {
            out.println(text);
            out.flush();
        }
    }
}
