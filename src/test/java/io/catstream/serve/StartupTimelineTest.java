package io.catstream.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.stream.Label;
import java.lang.management.ManagementFactory;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** The start-up breakdown serve logs: each milestone once, in the order it happened, counted from the JVM's start. */
class StartupTimelineTest {

    @Test
    void shouldCountEachMilestoneOnceFromTheJvmStartInTheOrderTheyHappened() {
        long before = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        StartupTimeline timeline = StartupTimeline.sinceJvmStart();

        timeline.mark("serve called");
        timeline.onChange(KafkaStreams.State.REBALANCING, KafkaStreams.State.CREATED);
        timeline.onChange(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
        timeline.onChange(KafkaStreams.State.REBALANCING, KafkaStreams.State.RUNNING);
        timeline.onChange(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING); // a later rebalance: not a start
        timeline.mark("serve called");
        long after = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();

        assertThat(timeline.milestones()).extracting(StartupTimeline.Milestone::name)
                .containsExactly("serve called", "streams RUNNING");
        assertThat(timeline.milestones()).allSatisfy(m -> assertThat(m.millis()).isBetween(before, after));
        assertThat(timeline.milestones().get(0).millis()).isLessThanOrEqualTo(timeline.milestones().get(1).millis());
    }

    @Test
    void shouldMarkTheFirstScoredImageOnlyAndDescribeTheBreakdown() {
        StartupTimeline timeline = StartupTimeline.sinceJvmStart();
        Label label = null; // the timeline does not read the label: only that one was made

        timeline.scored(label, new double[0], null);
        timeline.scored(label, new double[0], null);

        assertThat(timeline.milestones()).extracting(StartupTimeline.Milestone::name).containsExactly("first image scored");
        assertThat(timeline.describe()).matches("first image scored \\d+ ms");
    }
}
