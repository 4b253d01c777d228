package io.catstream.serve;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes serve's AppCDS archive from this JVM on its first start (issue #18): the classes loaded up to the streams'
 * start (picocli, the Kafka clients and Kafka Streams, Micrometer, log4j, the topology, RocksDB's Java side and the
 * image decoders through {@link StartupWarmUp}, run first for that) go into a class-data archive that every later start
 * of the same jar on the same JDK maps instead of loading them one by one (docs/operations.md, "Restart and
 * recovery"). The launcher ({@code bin/catstream}, also the Docker image's entry point) asks for it with
 * {@code -XX:+RecordDynamicDumpInfo -Dcatstream.cds.archive=FILE} when FILE does not exist yet, and maps FILE when it
 * does.
 *
 * <p>Why before the streams start: the dump stops the whole JVM (a safepoint of seconds, 22 s on the loaded test
 * machine); while scoring, that stalled the heartbeats and the open transaction, and the next start waited half a
 * minute for the group. Before the start nothing waits on this JVM; the first start of a new jar is that much slower,
 * once. Why not at exit ({@code -XX:ArchiveClassesAtExit}): a JVM writes that only when it stops gracefully, a SIGKILL or
 * an OOM kill writes nothing, and the dump would lengthen every first stop. Written to a temporary file and moved into
 * place, so a start never maps half an archive.
 */
final class ClassDataArchive {

    /** The system property the launcher sets to the archive to write. */
    static final String PROPERTY = "catstream.cds.archive";

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);

    private final Path target;

    private ClassDataArchive(Path target) {
        this.target = target;
    }

    /** The archive the launcher asked this JVM to write, if it did. */
    static Optional<ClassDataArchive> fromLauncher() {
        String file = System.getProperty(PROPERTY);
        return file == null || file.isBlank() ? Optional.empty() : Optional.of(new ClassDataArchive(Path.of(file)));
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
