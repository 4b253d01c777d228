package io.catstream.gate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The gate's simulated operating characteristics as a PNG: share of trials promoted within N labelled images. */
public final class GateChart {

    private GateChart() {
    }

    /**
     * @param better the trials of a better challenger (its curve should pass 80 %)
     * @param equal  the trials of an equally good challenger (its curve must stay under α)
     */
    public static void writePng(GateSimulation.Result better, String betterName, GateSimulation.Result equal,
                                String equalName, GateSettings settings, Path file) {
        long end = settings.maxLabelled();
        if (better.labelledAtPromotion().length > 0) {
            end = Math.min(end, 2 * better.labelledAtPromotion()[better.labelledAtPromotion().length - 1]);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(curve(betterName, better, end));
        data.addSeries(curve(equalName, equal, end));
        JFreeChart chart = ChartFactory.createXYLineChart("promotion gate: share of trials promoted",
                "labelled images", "share promoted", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getRenderer().setSeriesPaint(0, new Color(0x1f77b4));
        plot.getRenderer().setSeriesPaint(1, new Color(0xd62728));
        plot.getRangeAxis().setRange(0, 1);
        plot.addRangeMarker(marker(0.8, "80 % power"));
        plot.addRangeMarker(marker(settings.falsePromotionRate(), "α"));
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 500);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the gate chart " + file + ": " + e.getMessage(), e);
        }
    }

    private static XYSeries curve(String name, GateSimulation.Result result, long end) {
        XYSeries series = new XYSeries(name);
        long step = Math.max(1, end / 200);
        for (long n = 0; n <= end; n += step) {
            series.add(n, result.promotedWithin(n));
        }
        return series;
    }

    private static ValueMarker marker(double value, String label) {
        ValueMarker marker = new ValueMarker(value, Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
        marker.setLabel(label);
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        return marker;
    }
}
