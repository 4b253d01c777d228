package io.catstream.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.testsupport.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every image of the shared data set was checked to decode with Pillow, so a rejection here is a
 * false positive of our truncation or format checks.
 */
class SharedDataSetTest {

    @Test
    void shouldAcceptEveryImageOfTheSharedDataSet() throws Exception {
        Path data = SharedData.assumePresent();
        ImagePreprocessor preprocessor = new ImagePreprocessor(
                PreprocessingContract.ofImageSize(16), ImageLimits.defaults());
        List<String> rejected = new ArrayList<>();
        int accepted = 0;
        try (Stream<Path> files = Files.walk(data)) {
            for (Path file : files.filter(SharedDataSetTest::isImage).toList()) {
                try {
                    preprocessor.toFeatures(file);
                    accepted++;
                } catch (ImageRejectedException e) {
                    rejected.add(data.relativize(file) + ": " + e.reason().code() + " " + e.getMessage());
                }
            }
        }

        assertThat(rejected).isEmpty();
        assertThat(accepted).isGreaterThan(2000);
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".jpg") || name.endsWith(".png"));
    }
}
