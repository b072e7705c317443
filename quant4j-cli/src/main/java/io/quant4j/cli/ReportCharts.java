package io.quant4j.cli;

import io.quant4j.quantization.analysis.HistogramSnapshot;
import io.quant4j.quantization.analysis.LayerSensitivity;
import io.quant4j.quantization.analysis.SensitivityResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn by XChart into PNG bytes (headless AWT): a quantizer's calibration
 * histogram on a log scale with the amax of each method and the observed max as vertical lines,
 * and the layers' sensitivity as bars, worst first.
 */
final class ReportCharts {
    /** Bins drawn per histogram: the calibration's 2048 (or more) bins summed into this many. */
    static final int DRAWN_BINS = 256;

    /** Bars drawn in the sensitivity chart (the table lists every layer). */
    static final int MAX_BARS = 30;

    private ReportCharts() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** The histogram of {@code |x|} (count per bin, log scale) with one vertical line per method's amax. */
    static byte[] histogram(HistogramSnapshot h) {
        long[] c = h.counts();
        float[] e = h.edges();
        int bins = Math.min(c.length, e.length - 1);
        int group = Math.max(1, (bins + DRAWN_BINS - 1) / DRAWN_BINS);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        double top = 1;
        for (int i = 0; i < bins; i += group) {
            long sum = 0;
            int end = Math.min(bins, i + group);
            for (int k = i; k < end; k++) {
                sum += c[k];
            }
            if (sum > 0) {
                xs.add((e[i] + (double) e[end]) / 2);
                ys.add((double) sum);
                top = Math.max(top, sum);
            }
        }
        XYChart chart = new XYChartBuilder().width(640).height(300).title(h.path()).xAxisTitle("|x|")
                .yAxisTitle("values per bin (log)").build();
        chart.getStyler().setYAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.InsideNE).setChartTitleFont(
                chart.getStyler().getChartTitleFont().deriveFont(12f)).setLegendFont(chart.getStyler().getLegendFont().deriveFont(10f));
        XYSeries s = chart.addSeries("histogram", xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        s.setMarker(SeriesMarkers.NONE);
        for (Map.Entry<String, Float> m : h.amax().entrySet()) {
            String name = m.getKey().equals("max") ? "observed max" : m.getKey();
            XYSeries line = chart.addSeries(String.format(Locale.ROOT, "%s %.4g (clips %.2f %%)", name, m.getValue(),
                    100 * h.clipped().get(m.getKey())), new double[] {m.getValue(), m.getValue()}, new double[] {1, top});
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
        }
        return png(chart);
    }

    /**
     * Bars per layer, worst first: what leaving the layer alone in float recovers and, for a
     * bounded metric ({@code lossBars}: accuracy or agreement), what quantizing it alone costs, in
     * the metric's points ({@code scale} 100 for a fraction). Output SQNR has no finite all-float
     * value (identical outputs count as 200 dB), so a loss from it would dwarf every other bar;
     * the table lists that SQNR instead.
     */
    static byte[] sensitivity(SensitivityResult r, double scale, String unit, boolean lossBars) {
        List<LayerSensitivity> worst = r.mostSensitiveFirst();
        if (worst.size() > MAX_BARS) {
            worst = worst.subList(0, MAX_BARS);
        }
        List<String> names = new ArrayList<>();
        List<Double> gain = new ArrayList<>();
        List<Double> loss = new ArrayList<>();
        for (LayerSensitivity s : worst) {
            names.add(s.layer());
            gain.add(scale * s.gainInFloat(r.allQuantized()));
            loss.add(scale * s.lossWhenQuantized(r.allFloat()));
        }
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(900, 28 * names.size())).height(520)
                .title("Sensitivity by layer, worst first (" + r.metric() + ")").xAxisTitle("layer").yAxisTitle(unit).build();
        chart.getStyler().setXAxisLabelRotation(60).setLegendPosition(Styler.LegendPosition.InsideNE)
                .setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(12f));
        chart.addSeries("recovered when only this layer is float", names, gain);
        if (lossBars) {
            chart.addSeries("lost when only this layer is quantized", names, loss);
        }
        return png(chart);
    }

    private static byte[] png(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("drawing " + chart.getTitle() + " failed", e);
        }
    }
}
