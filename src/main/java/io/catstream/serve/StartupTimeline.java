package io.catstream.serve;

import io.catstream.image.PreprocessingContract;
import io.catstream.registry.Activation;
import io.catstream.registry.ModelRegistry;
import io.catstream.registry.PublishedModel;
import io.catstream.stream.Label;
import io.catstream.stream.ScoreListener;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a scorer's start-up goes (issue #18: a restarted scorer must score again within 10 s): milestones in ms since
 * the JVM started, logged as one {@code start-up:} line when the first image is scored, so an operator and
 * {@code bench/recovery.sh} read the breakdown of every start. Each milestone counts once (the first time);
 * thread-safe: the main thread, the global thread, the stream threads and the registry's feeding thread mark it.
 */
public final class StartupTimeline implements ScoreListener, ModelRegistry.Listener, KafkaStreams.StateListener {

    private static final Logger LOG = LoggerFactory.getLogger(StartupTimeline.class);

    /** A milestone: its name and when, in ms since the JVM started. */
    public record Milestone(String name, long millis) {
    }

    private final long jvmStartMillis;
    private final List<Milestone> milestones = new ArrayList<>();
    private volatile boolean firstScored;

    private StartupTimeline(long jvmStartMillis) {
        this.jvmStartMillis = jvmStartMillis;
    }

    /** Counted from this JVM's start (the process's, as the JVM reports it). */
    public static StartupTimeline sinceJvmStart() {
        return new StartupTimeline(ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    /** Marks {@code name} now, unless it was marked before. */
    public synchronized void mark(String name) {
        if (milestones.stream().noneMatch(m -> m.name().equals(name))) {
            milestones.add(new Milestone(name, System.currentTimeMillis() - jvmStartMillis));
        }
    }

    public synchronized List<Milestone> milestones() {
        return List.copyOf(milestones);
    }

    /** {@code name 1234 ms, name 2345 ms, …} in the order they happened. */
    public synchronized String describe() {
        return milestones.stream().map(m -> m.name() + " " + m.millis() + " ms").collect(Collectors.joining(", "));
    }

    @Override
    public void activeModelChanged(String name, PublishedModel previous, PublishedModel current, Activation activation) {
        if (current != null) {
            mark("model active");
        }
    }

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        if (newState == KafkaStreams.State.RUNNING) {
            mark("streams RUNNING");
        }
    }

    /** The first image: one volatile read per image after it. */
    @Override
    public void scored(Label label, double[] features, PreprocessingContract contract) {
        if (!firstScored) {
            firstScored = true;
            mark("first image scored");
            LOG.info("start-up: {} (ms since the JVM started)", describe());
        }
    }
}
