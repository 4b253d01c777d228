package io.catstream.demo;

import io.catstream.kafka.KafkaSettings;
import io.catstream.send.ImageSender;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Streams the demo's images to the images topic at a steady rate, cycling through them, on its own thread until
 * closed. Each record carries its {@code label} header, so the scorer can measure accuracy.
 */
final class DemoSender implements AutoCloseable {

    private final ImageSender sender;
    private final List<DemoImage> images;
    private final double rate;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstError = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean running = true;

    DemoSender(KafkaSettings settings, String topic, List<DemoImage> images, double rate) {
        this.sender = new ImageSender(settings, topic);
        this.images = images;
        this.rate = rate;
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
                sender.send(id, image.cat(), image.bytes(), e -> {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, e);
                });
            } catch (RuntimeException e) {
                if (running) {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, e);
                }
                continue;
            }
            sent.incrementAndGet();
        }
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    Exception firstError() {
        return firstError.get();
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
