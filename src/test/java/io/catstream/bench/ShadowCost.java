package io.catstream.bench;

import io.catstream.bench.LoadGenerator.Result;
import io.catstream.bench.ScorerRig.Photo;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.nn.Parameters;
import io.catstream.registry.ModelPublisher;
import io.catstream.registry.ModelRecordValidator;
import io.catstream.registry.ModelRoles;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * (f) The CPU cost of shadow scoring (issue #13, {@code bench/streaming.sh --challenger on}): a second article-size
 * version published as the challenger ({@code publish --as challenger}), the same photos at max rate while it
 * shadow-scores every image, compared with (a), the same run without a challenger; then the challenger is rejected so
 * the later parts run without it.
 */
final class ShadowCost {

    private ShadowCost() {
    }

    static String measure(ScorerRig rig, List<Photo> photos, int images, int warmup, Result without) throws Exception {
        ModelArtifact model = rig.model;
        try (ModelPublisher publisher = new ModelPublisher(rig.settings, rig.topics.modelWeights(), ScorerRig.MODEL, null,
                Clock.systemUTC(), Duration.ofSeconds(60))) {
            ModelPublisher.Published challenger = publisher.publish(ModelCodec.encode(ModelArtifact.of(ScorerRig.MODEL,
                    model.input(), model.training(), Parameters.initialize(model.shape(), 3))), ModelPublisher.Role.CHALLENGER,
                    "bench shadow cost");
            int version = challenger.model().version();
            String scored = "catstream_shadow_scored_total{model_version=\"" + version + "\"";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (sum(rig.scrape(), scored) < 1) { // its series start at zero when it goes on trial: wait for a first score
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("challenger " + version + " never shadow-scored: see " + rig.log);
                }
                LoadGenerator.run(rig, photos, 20, 0, "(f) until the challenger scores");
            }
            LoadGenerator.run(rig, photos, warmup, 0, "(f) warm-up with the challenger");
            Map<String, Double> before = rig.scrape();
            Result with = LoadGenerator.run(rig, photos, images, 0, "(f) max rate with a challenger");
            Map<String, Double> after = rig.scrape();
            new ModelRoles(publisher, ModelRecordValidator.unsigned()).reject("bench shadow cost measured");
            double shadowScored = sum(after, scored) - sum(before, scored);
            String timer = "catstream_shadow_scoring_seconds_";
            double meanMs = 1000 * (sum(after, timer + "sum{model_version=\"" + version + "\"")
                    - sum(before, timer + "sum{model_version=\"" + version + "\""))
                    / (sum(after, timer + "count{model_version=\"" + version + "\"")
                    - sum(before, timer + "count{model_version=\"" + version + "\""));
            return String.format(Locale.ROOT, "(f) shadow scoring: max rate without a challenger %.0f images/s (a), with %s@%d "
                            + "shadow-scoring every image %.0f images/s (%.0f %%); %,d images, %.0f shadow-scored, challenger "
                            + "%.2f ms per image; latency p50 %.0f ms, p99 %.0f ms (without: %.0f, %.0f)",
                    without.imagesPerSecond(), ScorerRig.MODEL, version, with.imagesPerSecond(),
                    100 * with.imagesPerSecond() / without.imagesPerSecond(), with.count(), shadowScored, meanMs,
                    with.p(50), with.p(99), without.p(50), without.p(99));
        }
    }

    private static double sum(Map<String, Double> m, String prefix) {
        return m.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
    }
}
