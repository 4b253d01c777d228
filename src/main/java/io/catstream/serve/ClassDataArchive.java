package io.catstream.serve;

import io.catstream.image.PreprocessingContract;
import io.catstream.stream.Label;
import io.catstream.stream.ScoreListener;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes serve's AppCDS archive from this JVM once it scores (issue #18): the classes a start loads up to its first
 * image (Kafka Streams, RocksDB's Java side, the model, the image decoders, ~120 jars' worth) go into a class-data
 * archive that every later start of the same jar on the same JDK maps instead of loading them one by one
 * (docs/operations.md, "Restart and recovery"). The launcher ({@code bin/catstream}, also the Docker image's entry
 * point) asks for it with {@code -XX:+RecordDynamicDumpInfo -Dcatstream.cds.archive=FILE} when FILE does not exist yet,
 * and maps FILE when it does.
 *
 * <p>Why now and not at exit ({@code -XX:ArchiveClassesAtExit}): a JVM writes that only when it stops gracefully,
 * and a scorer's first graceful stop is usually the roll to the next image, whose jar needs another archive; a SIGKILL
 * or an OOM kill writes nothing. Written {@link #DELAY} after the first image (its commit and the first metrics are
 * loaded by then), to a temporary file moved into place, so a start never maps half an archive. The dump stops the
 * JVM for about {@code dumpMillis} once (logged), as a full GC would.
 */
final class ClassDataArchive implements ScoreListener {

    /** The system property the launcher sets to the archive to write. */
    static final String PROPERTY = "catstream.cds.archive";
    static final Duration DELAY = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);

    private final Path target;
    private volatile boolean requested;

    private ClassDataArchive(Path target) {
        this.target = target;
    }

    /** The archive the launcher asked this JVM to write, or {@link ScoreListener#NONE}. */
    static ScoreListener fromLauncher() {
        String file = System.getProperty(PROPERTY);
        return file == null || file.isBlank() ? ScoreListener.NONE : new ClassDataArchive(Path.of(file));
    }

    /** The first image: one volatile read per image after it. */
    @Override
    public void scored(Label label, double[] features, PreprocessingContract contract) {
        if (!requested) {
            requested = true;
            Thread thread = new Thread(this::writeAfterDelay, "catstream-cds-archive");
            thread.setDaemon(true); // a stop before the dump writes nothing, and the next start asks again
            thread.start();
        }
    }

    private void writeAfterDelay() {
        try {
            Thread.sleep(DELAY.toMillis()); // a one-off delay on a thread of its own, not a wait for a condition
            write();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Dumps this JVM's loaded classes through the {@code VM.cds dynamic_dump} diagnostic command. */
    void write() {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        long start = System.nanoTime();
        try {
            Object output = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmCds",
                    new Object[] {new String[] {"dynamic_dump", temporary.toString()}}, new String[] {String[].class.getName()});
            if (!Files.isRegularFile(temporary) || Files.size(temporary) == 0) {
                LOG.warn("no AppCDS archive written (the next start loads its classes from the jar again): {}",
                        String.valueOf(output).strip());
                return;
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("wrote the AppCDS archive {} ({} MB) in {} ms: the next start of this jar maps its classes", target,
                    Files.size(target) >> 20, (System.nanoTime() - start) / 1_000_000);
        } catch (JMException | IOException | RuntimeException e) {
            LOG.warn("no AppCDS archive written (the next start loads its classes from the jar again): {}", e.toString());
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // a leftover temporary file is never mapped: only the target name is
            }
        }
    }
}
