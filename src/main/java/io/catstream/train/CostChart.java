package io.catstream.train;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws a cost curve as a PNG: what people would rather see than read. */
public final class CostChart {

    private CostChart() {
    }

    public static void writePng(CostLog costs, String title, Path file) {
        XYSeries series = new XYSeries("cross-entropy cost");
        for (int i = 0; i < costs.size(); i++) {
            series.add(i, costs.get(i));
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "iteration", "cost",
                new XYSeriesCollection(series), PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getRenderer().setSeriesPaint(0, new Color(0x1f77b4));
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 500);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cost chart " + file + ": " + e.getMessage(), e);
        }
    }
}
