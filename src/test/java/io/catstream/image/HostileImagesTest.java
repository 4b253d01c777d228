package io.catstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each hostile input of {@link HostileImages} gives its documented outcome in the preprocessor alone, and a
 * decompression bomb is refused from its header: the thread allocates less than 2 MB while refusing it (its pixels
 * would be gigabytes).
 */
class HostileImagesTest {

    private static final long BOMB_ALLOCATION_LIMIT = 2_000_000;
    private final ImagePreprocessor preprocessor = ImagePreprocessor.withDefaults();

    static Stream<HostileImages.Case> corpus() {
        return HostileImages.corpus().stream();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void shouldLabelOrRejectEachHostileInputWithItsDocumentedReason(HostileImages.Case input) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        String outcome;
        try {
            preprocessor.toFeatures(input.bytes());
            outcome = HostileImages.LABEL;
        } catch (ImageRejectedException e) {
            outcome = e.reason().code();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(outcome).as(input.toString()).isEqualTo(input.expected());
        if (input.bomb()) {
            assertThat(allocated).as("bytes allocated while refusing %s", input).isLessThan(BOMB_ALLOCATION_LIMIT);
        }
    }

    @org.junit.jupiter.api.Test
    void shouldCoverEveryFormatTruncatedBombsAndTheAwkwardValidOnes() {
        List<HostileImages.Case> corpus = HostileImages.corpus();

        assertThat(corpus).filteredOn(HostileImages.Case::bomb).extracting(c -> c.name().substring(0, 3))
                .contains("png", "jpe", "gif");
        assertThat(corpus).filteredOn(c -> c.expected().equals("truncated")).extracting(c -> c.name().split("-")[0])
                .contains("jpeg", "png", "gif", "bmp");
    }
}
