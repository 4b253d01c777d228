package io.catstream.demo;

import io.catstream.kafka.KafkaSettings;
import io.catstream.send.ImageSender;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Streams the demo's images to the images topic at a steady rate, cycling through them, on its own thread until
 * closed. With the label header, each record carries its truth (the old, in-band demo); without it, each image sent
 * is told to {@code afterSend} (the demo's truth that arrives later, {@link DemoTruth}).
 */
final class DemoSender implements AutoCloseable {

    private final ImageSender sender;
    private final List<DemoImage> images;
    private final double rate;
    private final boolean labelHeader;
    private final java.util.function.BiConsumer<String, DemoImage> afterSend;
    private final SendTally tally = new SendTally();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param afterSend hears of each image handed to the producer, with the id it was sent under */
    DemoSender(KafkaSettings settings, String topic, List<DemoImage> images, double rate, boolean labelHeader,
               java.util.function.BiConsumer<String, DemoImage> afterSend) {
        this.sender = new ImageSender(settings, topic);
        this.images = images;
        this.rate = rate;
        this.labelHeader = labelHeader;
        this.afterSend = afterSend;
        this.thread = new Thread(this::loop, "catstream-demo-sender");
        thread.setDaemon(true);
    }

    DemoSender start() {
        thread.start();
        return this;
    }

    private void loop() {
        long start = System.nanoTime();
        for (long n = 0; running; n++) {
            long wait = start + (long) (n * 1e9 / rate) - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!running) {
                break;
            }
            DemoImage image = images.get((int) (n % images.size()));
            // a new key per pass: the same photo sent again is a new event
            String id = n < images.size() ? image.id() : image.id() + "#" + (n / images.size() + 1);
            try {
                sender.send(id, labelHeader ? image.cat() : null, image.bytes(), e -> {
                    tally.countFailure(e);
                });
            } catch (RuntimeException e) {
                if (running) {
                    tally.countFailure(e);
                }
                continue;
            }
            tally.countSent();
            afterSend.accept(id, image);
        }
    }

    /** Records handed to the producer so far, and those that failed. */
    SendTally tally() {
        return tally;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.close();
    }
}
