package io.catstream.train;

import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a long task: a live bar on an interactive terminal, and a log line every 10 % otherwise
 * (a bar's carriage returns and ANSI codes would litter CI logs and files).
 */
public final class Progress implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final String task;
    private final long total;
    private final ProgressBar bar;
    private long done;
    private long nextReport;
    private final long startNanos = System.nanoTime();

    private Progress(String task, long total, boolean interactive) {
        this.task = task;
        this.total = total;
        this.bar = interactive
                ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(250).showSpeed().build()
                : null;
        this.nextReport = total / 10;
    }

    /** A bar when stderr is a terminal, log lines otherwise. */
    public static Progress start(String task, long total) {
        return new Progress(task, total, System.console() != null && !"true".equals(System.getenv("CI")));
    }

    /** Log lines only, whatever the terminal: for tests and nested tasks. */
    public static Progress quiet(String task, long total) {
        return new Progress(task, total, false);
    }

    public synchronized void step() {
        stepBy(1);
    }

    public synchronized void stepBy(long n) {
        done += n;
        if (bar != null) {
            bar.stepBy(n);
        } else if (total > 0 && done >= nextReport) {
            LOG.info("{}: {}/{} ({} %) after {}", task, done, total, 100 * done / total, elapsed());
            nextReport = Math.min(total, done + Math.max(1, total / 10));
        }
    }

    private String elapsed() {
        Duration d = Duration.ofNanos(System.nanoTime() - startNanos);
        return String.format("%d.%01d s", d.toSeconds(), d.toMillisPart() / 100);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
