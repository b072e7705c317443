package io.quant4j.train;

import java.io.PrintStream;

/**
 * Progress display of a training run (see {@link ProgressMode}): a {@link ProgressTask} over each
 * epoch's steps, and whole lines for the epoch summaries and notices. The mode is resolved once,
 * so that {@link ProgressMode#AUTO} decides for the whole run.
 */
final class Progress implements AutoCloseable {
    private final ProgressMode mode;
    private final PrintStream out;
    private ProgressTask steps;

    private Progress(ProgressMode mode, PrintStream out) {
        this.mode = ProgressTask.resolve(mode, out);
        this.out = out;
    }

    static Progress create(ProgressMode mode, PrintStream out) {
        return new Progress(mode, out);
    }

    /** Starts an epoch of {@code steps} steps. */
    void startEpoch(int epoch, int epochs, int steps) {
        endSteps();
        this.steps = ProgressTask.start(mode, out, "epoch " + (epoch + 1) + "/" + epochs, steps, "steps");
    }

    /** Reports {@code done} steps and a status message (loss, accuracy, images/s). */
    void update(int done, String message) {
        if (steps != null) {
            steps.stepTo(done, message);
        }
    }

    /** The epoch's training steps are done (validation and checkpoints follow). */
    void endSteps() {
        if (steps != null) {
            steps.close();
            steps = null;
        }
    }

    /** Ends the epoch with a one-line summary. */
    void endEpoch(String line) {
        endSteps();
        line(line);
    }

    /** Prints a line outside epochs (resume notices, final summary). */
    void line(String text) {
        if (mode != ProgressMode.NONE) {
            out.print(text + "\n");
            out.flush();
        }
    }

    @Override
    public void close() {
        endSteps();
    }
}
