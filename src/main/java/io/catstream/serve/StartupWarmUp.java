package io.catstream.serve;

import io.catstream.image.ImagePreprocessor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.rocksdb.RocksDB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the first image and the first task would otherwise do on the critical path of a (re)start, done on a thread of
 * its own while Kafka Streams restores the model and joins the group (issue #18; those threads mostly wait on the
 * network then): RocksDB's native library (extracted from the jar to a temporary file on every start, before the first
 * store opens) and the image decoders (ImageIO's plugin scan, the PNG and JPEG readers, resizing). Best effort: a
 * failure here only means the first image pays for it, as before.
 */
final class StartupWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(StartupWarmUp.class);

    private StartupWarmUp() {
    }

    /** Starts the warm-up on a daemon thread (it never keeps the JVM alive) and returns at once. */
    static void startInBackground(StartupTimeline timeline) {
        Thread thread = new Thread(() -> run(timeline), "catstream-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY); // behind the threads that talk to Kafka
        thread.start();
    }

    private static void run(StartupTimeline timeline) {
        try {
            RocksDB.loadLibrary();
            ImagePreprocessor preprocessor = ImagePreprocessor.withDefaults();
            BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR);
            for (String format : new String[] {"jpeg", "png"}) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ImageIO.write(image, format, bytes);
                preprocessor.toFeatures(bytes.toByteArray());
            }
            timeline.mark("warmed up");
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.debug("start-up warm-up failed (the first image pays for it instead): {}", e.toString());
        }
    }
}
