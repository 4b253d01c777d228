package io.catstream.serve;

import io.catstream.stream.ProcessingGuarantee;
import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.kafka.KafkaSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScoringConfigTest {

    private final ScoringConfig defaults = ScoringConfig.defaults(KafkaSettings.of("localhost:9092"));

    @Test
    void shouldCommitEvery25MillisecondsUnderExactlyOnceUnlessSet() {
        assertThat(defaults.effectiveCommitInterval()).isEqualTo(Duration.ofMillis(25));
        assertThat(defaults.withCommitInterval(Duration.ofMillis(20)).effectiveCommitInterval())
                .isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void shouldLeaveTheCommitIntervalToKafkaUnderAtLeastOnce() {
        assertThat(defaults.withGuarantee(ProcessingGuarantee.AT_LEAST_ONCE).effectiveCommitInterval()).isNull();
    }
}
