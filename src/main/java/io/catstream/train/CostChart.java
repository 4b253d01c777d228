package io.catstream.train;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Draws training curves as PNGs: what people would rather see than read. */
public final class CostChart {

    private static final Color BLUE = new Color(0x1f77b4);
    private static final Color ORANGE = new Color(0xff7f0e);

    private CostChart() {
    }

    /** The article's curve: the cost of every iteration. */
    public static void writePng(CostLog costs, String title, Path file) {
        XYSeries series = new XYSeries("cross-entropy cost");
        for (int i = 0; i < costs.size(); i++) {
            series.add(i, costs.get(i));
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "iteration", "cost",
                new XYSeriesCollection(series), PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        style(plot);
        plot.getRenderer().setSeriesPaint(0, BLUE);
        save(chart, file, "cost chart");
    }

    /** A recipe run's curves per epoch: train and validation cost above, train and validation accuracy below. */
    public static void writePng(EpochLog log, String title, Path file) {
        XYSeries trainCost = new XYSeries("train cost");
        XYSeries validationCost = new XYSeries("validation cost");
        XYSeries trainAccuracy = new XYSeries("train accuracy");
        XYSeries validationAccuracy = new XYSeries("validation accuracy");
        for (EpochLog.Epoch e : log.epochs()) {
            trainCost.add(e.epoch(), e.trainCost());
            trainAccuracy.add(e.epoch(), e.trainAccuracy());
            if (!Double.isNaN(e.validationAccuracy())) {
                validationCost.add(e.epoch(), e.validationCost());
                validationAccuracy.add(e.epoch(), e.validationAccuracy());
            }
        }
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("epoch"));
        combined.add(pair(trainCost, validationCost, "cost"));
        combined.add(pair(trainAccuracy, validationAccuracy, "accuracy"));
        save(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true), file, "training curves");
    }

    private static XYPlot pair(XYSeries train, XYSeries validation, String axis) {
        XYSeriesCollection data = new XYSeriesCollection(train);
        data.addSeries(validation);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, BLUE);
        renderer.setSeriesPaint(1, ORANGE);
        NumberAxis range = new NumberAxis(axis);
        range.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, null, range, renderer);
        style(plot);
        return plot;
    }

    private static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }

    private static void save(JFreeChart chart, Path file, String what) {
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 500);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
