package io.quant4j.cli;

import io.quant4j.io.AtomicFiles;
import io.quant4j.train.StepInfo;
import io.quant4j.train.TrainingCallback;
import io.quant4j.train.TrainingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The training loss of every step of this process (a resumed run starts its curve at the step it
 * resumed from), drawn with XChart as {@code loss.png} in a run folder: x = global step, y = the
 * step's loss (log scale), as the trainer computed it.
 */
final class LossCurve implements TrainingCallback {
    private final List<Double> steps = new ArrayList<>();
    private final List<Double> losses = new ArrayList<>();

    static {
        System.setProperty("java.awt.headless", "true");
    }

    @Override
    public void onBatchEnd(TrainingContext ctx, StepInfo step) {
        float v = step.loss().toFloatArray()[0];
        if (Float.isFinite(v) && v > 0) {
            steps.add((double) step.globalStep());
            losses.add((double) v);
        }
    }

    /** Steps recorded (finite, positive losses). */
    int size() {
        return steps.size();
    }

    /**
     * Writes the PNG to {@code file} (whole, through a temporary file).
     *
     * @throws IllegalStateException when no step was recorded
     */
    void write(Path file, String title) throws IOException {
        if (steps.isEmpty()) {
            throw new IllegalStateException("expected at least one training step with a finite loss to draw, found none");
        }
        XYChart chart = new XYChartBuilder().width(800).height(400).title(title).xAxisTitle("step")
                .yAxisTitle("training loss (log)").build();
        chart.getStyler().setYAxisLogarithmic(true).setLegendVisible(false);
        XYSeries s = chart.addSeries("loss", steps, losses);
        s.setMarker(steps.size() > 50 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        byte[] png;
        try {
            png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("drawing the loss curve failed", e);
        }
        AtomicFiles.write(file, out -> out.write(png));
    }
}
