package io.catstream.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.model.ModelCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private final ModelRegistry registry = new ModelRegistry();
    private final List<String> events = new ArrayList<>();

    ModelRegistryTest() {
        registry.addListener(new ModelRegistry.Listener() {
            @Override
            public void activeModelChanged(String name, PublishedModel previous, PublishedModel current, Activation activation) {
                events.add("active " + name + " " + (previous == null ? "-" : previous.version()) + "->" + current.version());
            }

            @Override
            public void refused(Refusal refusal) {
                events.add("refused " + refusal.reason().code());
            }
        });
    }

    private static PublishedModel version(String name, int version, long seed) {
        byte[] bytes = RegistryFixtures.smallModel(name, seed);
        return new PublishedModel(name, version, ModelCodec.decode(bytes), T0, io.catstream.model.Sha256.hex(bytes),
                bytes.length, null, version);
    }

    private static Activation activation(String name, int version, Instant at) {
        return new Activation(name, version, at, null, "test", null);
    }

    @Test
    void shouldSwitchTheActiveModelOnActivationAndTellListeners() {
        registry.accept(version("cats", 1, 1));
        registry.accept(version("cats", 2, 2));
        registry.accept(activation("cats", 2, T0));
        registry.accept(activation("cats", 1, T0.plusSeconds(1)));

        assertThat(registry.active("cats")).map(PublishedModel::version).contains(1);
        assertThat(registry.versions("cats")).extracting(PublishedModel::version).containsExactly(1, 2);
        assertThat(events).containsExactly("active cats -->2", "active cats 2->1");
    }

    @Test
    void shouldKeepTheActiveModelWhenAnActivationPointsAtAnUnknownVersion() {
        registry.accept(version("cats", 1, 1));
        registry.accept(activation("cats", 1, T0));

        RegistryRecord outcome = registry.accept(activation("cats", 5, T0.plusSeconds(1)));

        assertThat(outcome).isInstanceOf(Refusal.class).extracting(r -> ((Refusal) r).reason()).isEqualTo(RefusalReason.UNKNOWN_VERSION);
        assertThat(registry.active("cats")).map(PublishedModel::version).contains(1);
        assertThat(events).containsExactly("active cats -->1", "refused unknown-version");
    }

    @Test
    void shouldRefuseAReplayedOlderActivationSoNobodyCanDowngradeWithAnOldSignedPointer() {
        registry.accept(version("cats", 1, 1));
        registry.accept(version("cats", 2, 2));
        registry.accept(activation("cats", 1, T0));
        registry.accept(activation("cats", 2, T0.plusSeconds(60)));

        RegistryRecord replay = registry.accept(activation("cats", 1, T0));

        assertThat(((Refusal) replay).reason()).isEqualTo(RefusalReason.STALE_ACTIVATION);
        assertThat(registry.active("cats")).map(PublishedModel::version).contains(2);
    }

    @Test
    void shouldRefuseADifferentRecordForAnAcceptedVersionAndIgnoreTheSameOneReadAgain() {
        registry.accept(version("cats", 1, 1));

        assertThat(registry.accept(version("cats", 1, 1))).isInstanceOf(PublishedModel.class);
        assertThat(((Refusal) registry.accept(version("cats", 1, 99))).reason()).isEqualTo(RefusalReason.VERSION_CONFLICT);
        assertThat(registry.version("cats", 1).orElseThrow().sha256()).isEqualTo(version("cats", 1, 1).sha256());
    }

    @Test
    void shouldPassRefusalsFromTheValidatorToListenersAndChangeNothing() {
        registry.accept(version("cats", 1, 1));
        registry.accept(activation("cats", 1, T0));

        registry.accept(new Refusal("cats@2", RefusalReason.NON_FINITE_PARAMETER, "W1[0, 3] is NaN"));

        assertThat(registry.active("cats")).map(PublishedModel::version).contains(1);
        assertThat(registry.versions("cats")).hasSize(1);
        assertThat(events).last().isEqualTo("refused non-finite-parameter");
    }

    @Test
    void shouldKeepNamesApart() {
        registry.accept(version("cats", 1, 1));
        registry.accept(version("lynx", 1, 2));
        registry.accept(activation("lynx", 1, T0));

        assertThat(registry.names()).containsExactly("cats", "lynx");
        assertThat(registry.active("cats")).isEmpty();
        assertThat(registry.active("lynx")).isPresent();
    }

    @Test
    void shouldAlwaysShowReadersACompleteActiveModelWhileItIsSwapped() throws Exception {
        PublishedModel one = version("cats", 1, 1);
        PublishedModel two = version("cats", 2, 2);
        registry.accept(one);
        registry.accept(two);
        registry.accept(activation("cats", 1, T0));
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        Future<Integer> reads = reader.submit(() -> {
            int n = 0;
            while (!stop.get()) {
                PublishedModel active = registry.active("cats").orElseThrow();
                assertThat(active == one || active == two).isTrue();
                n++;
            }
            return n;
        });
        for (int i = 1; i <= 2000; i++) {
            registry.accept(activation("cats", i % 2 + 1, T0.plusMillis(i)));
        }
        stop.set(true);
        assertThat(reads.get(10, TimeUnit.SECONDS)).isPositive();
        reader.shutdown();
    }
}
