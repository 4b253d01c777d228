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
 * What the first image and the first task load, loaded ahead: RocksDB's native library and Java side, and the image
 * decoders (ImageIO's plugin scan, the PNG and JPEG readers, resizing). Run on the first start of a jar just before its
 * AppCDS archive is written ({@link ClassDataArchive}), so the archive holds these classes too and a restart maps them
 * instead of loading them at its first image. Not run on other starts: run beside the streams' start on every start
 * it took more CPU than it saved on the loaded 2-core machine (bench/startup.sh, docs/operations.md). Best effort: a
 * failure here only means the first image pays for it, as before.
 */
final class StartupWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(StartupWarmUp.class);

    private StartupWarmUp() {
    }

    /** The warm-up on this thread (before the AppCDS dump, whose archive then holds these classes too). */
    static void run(StartupTimeline timeline) {
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
