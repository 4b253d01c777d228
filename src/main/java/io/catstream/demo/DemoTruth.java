package io.catstream.demo;

import io.catstream.kafka.KafkaSettings;
import io.catstream.send.TruthSender;
import io.catstream.send.TruthSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The demo's truth that arrives later (docs/truth.md): for about {@link #FRACTION} of the images sent (the same
 * ones as {@code catstream truth --fraction} picks, by a hash of the id), their truth goes to {@code image-truth}
 * {@link #MIN_DELAY}–{@link #MAX_DELAY} after the image, through {@code catstream truth}'s producer. Like a
 * moderator who gets to most images, a while later.
 */
final class DemoTruth implements AutoCloseable {

    static final double FRACTION = 0.6;
    static final Duration MIN_DELAY = Duration.ofSeconds(2);
    static final Duration MAX_DELAY = Duration.ofSeconds(20);
    /** The {@code source} of the demo's truth records (and {@code truth_source} of their joins). */
    static final String SOURCE = "demo-moderator";

    private final TruthSender sender;
    private final Random random;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "catstream-demo-truth");
        t.setDaemon(true);
        return t;
    });
    private final SendTally tally = new SendTally();

    DemoTruth(KafkaSettings settings, String topic, long seed) {
        this.sender = new TruthSender(settings, topic, SOURCE, Clock.systemUTC());
        this.random = new Random(seed);
    }

    /** An image went out without its label: if it is one that gets truth, its truth follows 2–20 s later. */
    void imageSent(String id, boolean cat) {
        if (!TruthSource.chosen(id, FRACTION)) {
            return;
        }
        long delayMillis = MIN_DELAY.toMillis() + (long) (random.nextDouble() * (MAX_DELAY.toMillis() - MIN_DELAY.toMillis()));
        scheduler.schedule(() -> {
            sender.send(new TruthSource(id, cat), e -> {
                tally.countFailure(e);
            });
            tally.countSent();
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Records handed to the producer so far, and those that failed. */
    SendTally tally() {
        return tally;
    }

    /** Drops the truth not yet due (its images were sent too near the end) and closes the producer. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.close();
    }
}
