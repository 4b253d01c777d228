package io.catstream.metrics;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.concurrent.TimeUnit;

/**
 * How late truth came, from the truth delay histogram ({@code catstream_truth_delay_seconds}) since this instance
 * started: the count, the mean and the 50th/95th percentiles in seconds, NaN before any truth. The percentiles are
 * interpolated within the histogram's buckets the way Prometheus' {@code histogram_quantile} does (linear inside a
 * bucket, 0 as the lower bound of the first, the highest finite bound for ranks above it), so the web view and the
 * dashboard's Truth row read the same numbers from the same buckets.
 */
public record LabelDelay(long count, double meanSeconds, double p50Seconds, double p95Seconds) {

    public static LabelDelay of(HistogramSnapshot snapshot) {
        long count = snapshot.count();
        if (count == 0) {
            return new LabelDelay(0, Double.NaN, Double.NaN, Double.NaN);
        }
        CountAtBucket[] buckets = snapshot.histogramCounts();
        return new LabelDelay(count, snapshot.mean(TimeUnit.SECONDS), quantile(0.5, buckets, count),
                quantile(0.95, buckets, count));
    }

    /** The q-quantile of {@code total} values in cumulative {@code buckets} (upper bound in seconds, count ≤ it). */
    static double quantile(double q, CountAtBucket[] buckets, long total) {
        double rank = q * total;
        double lower = 0;
        double below = 0;
        for (CountAtBucket b : buckets) {
            double upper = b.bucket(TimeUnit.SECONDS);
            double cumulative = b.count();
            if (cumulative >= rank && cumulative > below) {
                return lower + (upper - lower) * (rank - below) / (cumulative - below);
            }
            lower = upper;
            below = cumulative;
        }
        return lower; // above the highest bound: that bound, as histogram_quantile does
    }
}
