package io.quant4j.train;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * {@link ProgressMode#BAR}: a bar (me.tongfei:progressbar) redrawn in place with carriage returns,
 * as wide as the terminal, for a person watching a terminal (see {@link ProgressTask}).
 */
final class ProgressBarTask extends ProgressTask {
    private ProgressBar bar;

    ProgressBarTask(PrintStream out, String task, long total, String unit) {
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(out));
        if (!unit.isEmpty()) {
            b.setUnit(" " + unit, 1);
        }
        bar = b.build();
    }

    @Override
    public void stepTo(long done, String message) {
        if (bar == null) {
            throw new IllegalStateException("the progress bar was already closed; start a new ProgressTask");
        }
        bar.stepTo(done);
        bar.setExtraMessage(message == null ? "" : message);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
