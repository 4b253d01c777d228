package io.catstream.web;

import io.catstream.metrics.ConfusionCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The scorer's counters sampled over time (about once a second, the last {@value #MAX_POINTS} samples), for the web
 * view's chart of accuracy per model version and its throughput figure. Thread-safe.
 */
public final class StatusTimeline {

    public static final int MAX_POINTS = 900;

    /** One sample: totals so far and the accuracy so far of every version that scored a labelled image. */
    public record Point(Instant at, long received, long scored, long deadLettered, SortedMap<Integer, ConfusionCounts> byVersion) {
        public Point {
            byVersion = new TreeMap<>(byVersion);
        }
    }

    private final Deque<Point> points = new ArrayDeque<>();

    public synchronized void add(Point point) {
        if (!points.isEmpty() && point.at().isBefore(points.peekLast().at())) {
            throw new IllegalArgumentException("samples must be in time order: " + point.at() + " after " + points.peekLast().at());
        }
        points.addLast(point);
        while (points.size() > MAX_POINTS) {
            points.removeFirst();
        }
    }

    public synchronized List<Point> points() {
        return new ArrayList<>(points);
    }

    /** Images scored per second over the last {@code window} of samples; 0 with fewer than two samples. */
    public synchronized double scoredPerSecond(Duration window) {
        if (points.size() < 2) {
            return 0;
        }
        Point last = points.peekLast();
        Point first = last;
        for (var it = points.descendingIterator(); it.hasNext(); ) {
            Point p = it.next();
            if (Duration.between(p.at(), last.at()).compareTo(window) > 0) {
                break;
            }
            first = p;
        }
        double seconds = Duration.between(first.at(), last.at()).toMillis() / 1000.0;
        return seconds <= 0 ? 0 : (last.scored() - first.scored()) / seconds;
    }

    /** Convenience for tests and callers without a sample at hand. */
    public static Point point(Instant at, long received, long scored, long deadLettered, Map<Integer, ConfusionCounts> byVersion) {
        return new Point(at, received, scored, deadLettered, new TreeMap<>(byVersion));
    }
}
