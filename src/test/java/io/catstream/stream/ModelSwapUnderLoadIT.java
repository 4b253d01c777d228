package io.catstream.stream;

import io.catstream.serve.ScoringApp;
import static io.catstream.stream.StreamTestKit.DEADLINE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.registry.Activation;
import io.catstream.registry.ModelPublisher;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.PublishedModel;
import io.catstream.registry.Refusal;
import io.catstream.testsupport.EmbeddedBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ten new versions published, one every ~0.8 s, while images flow at 40/s into a running scorer. Every label names a
 * version that was active when it was scored: activated (by the publisher) before the label was produced, swapped in
 * by the scorer before it scored, and not long superseded; per partition the versions never go backwards; the
 * scorer's swaps follow the publish order exactly; no image is lost or scored twice.
 */
class ModelSwapUnderLoadIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();
    private static final int NEW_VERSIONS = 10;
    /** How long after a newer swap a label may still name the previous version (scored in flight when it happened). */
    private static final Duration IN_FLIGHT = Duration.ofSeconds(1);

    private record Swap(int version, Instant at) {
    }

    @Test
    void shouldLabelEveryImageWithAVersionActiveAtThatTimeWhileTenVersionsArePublished() throws Exception {
        ScoringTopics topics = StreamTestKit.createTopics(KAFKA.settings(), "swap.");
        Map<Integer, Activation> activations = new HashMap<>();
        activations.put(1, StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(1)).activation());
        List<Swap> swaps = new CopyOnWriteArrayList<>();
        List<String> sent;
        ExactlyOnceAudit.Outcomes outcomes;
        try (ScoringApp app = ScoringApp.start(StreamTestKit.config(KAFKA.settings(), topics, "swap-scorer",
                StreamTestKit.tempDir("swap")))) {
            await().atMost(DEADLINE).until(() -> app.health().healthy());
            swaps.add(new Swap(1, Instant.now()));
            app.context().registry().addListener(new ModelRegistry.Listener() {
                @Override
                public void activeModelChanged(String name, PublishedModel before, PublishedModel now, Activation a) {
                    swaps.add(new Swap(now.version(), Instant.now()));
                }

                @Override
                public void refused(Refusal refusal) {
                }
            });
            try (ImageFlow flow = ImageFlow.start(KAFKA.settings(), topics.images(), "swap", 40, 0, ImageFlow::mixed)) {
                await().atMost(DEADLINE).until(() -> flow.sentCount() >= 40);
                for (int i = 0; i < NEW_VERSIONS; i++) {
                    ModelPublisher.Published p = StreamTestKit.publish(KAFKA.settings(), topics, StreamTestKit.tinyModel(100 + i));
                    activations.put(p.model().version(), p.activation());
                    Thread.sleep(800); // steady publishing under the steady image rate
                }
                await().atMost(DEADLINE).until(() -> app.context().active().current().version() == 1 + NEW_VERSIONS);
                Thread.sleep(1000); // images scored by the last version too
                flow.close();
                sent = flow.sent();
            }
            outcomes = ExactlyOnceAudit.read(KAFKA.settings(), topics, sent, DEADLINE);
        }

        Map<Integer, Integer> labelsPerVersion = new TreeMap<>();
        outcomes.labels().forEach(r -> labelsPerVersion.merge(Label.fromJson(r.value()).modelVersion(), 1, Integer::sum));
        System.out.printf("swap under load: %d versions published (v2..v%d during the flow), scorer swaps %s; labels per "
                        + "version %s; %s%n", activations.size(), 1 + NEW_VERSIONS, swaps.stream().map(Swap::version).toList(),
                labelsPerVersion, outcomes.summary(sent));
        assertThat(swaps.stream().map(Swap::version).toList()).as("the scorer's swaps, in order")
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, 1 + NEW_VERSIONS).boxed().toList());
        assertThat(outcomes.missing(sent)).isEmpty();
        assertThat(outcomes.duplicates()).isEmpty();
        assertThat(outcomes.unexpected(sent)).isEmpty();
        assertThat(labelsPerVersion.keySet()).as("most versions label something").hasSizeGreaterThanOrEqualTo(NEW_VERSIONS / 2);
        Map<Integer, Swap> swapOf = new HashMap<>();
        swaps.forEach(s -> swapOf.put(s.version(), s));
        Map<Integer, Integer> lastVersionOfPartition = new HashMap<>();
        List<String> violations = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : outcomes.labels()) { // offset order within each partition
            Label label = Label.fromJson(r.value());
            int v = label.modelVersion();
            if (v < lastVersionOfPartition.getOrDefault(r.partition(), 1)) {
                violations.add(label.imageId() + ": v" + v + " after v" + lastVersionOfPartition.get(r.partition())
                        + " in partition " + r.partition());
            }
            lastVersionOfPartition.put(r.partition(), v);
            if (label.scoredAt().isBefore(activations.get(v).activatedAt())) {
                violations.add(label.imageId() + ": scored at " + label.scoredAt() + " by v" + v + ", activated only at "
                        + activations.get(v).activatedAt());
            }
            Swap next = swapOf.get(v + 1);
            if (next != null && label.scoredAt().isAfter(next.at().plus(IN_FLIGHT))) {
                violations.add(label.imageId() + ": scored at " + label.scoredAt() + " by v" + v + ", but v" + (v + 1)
                        + " was active since " + next.at());
            }
        }
        assertThat(violations).isEmpty();
    }
}
