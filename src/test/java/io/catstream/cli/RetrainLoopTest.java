package io.catstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The schedule of {@code retrain --every}: rounds in turn, and a stop that ends the wait but not a round. */
class RetrainLoopTest {

    @Test
    void shouldRunRoundsOneAfterAnotherUntilAStopIsAskedFor() {
        RetrainLoop loop = new RetrainLoop(Duration.ofMillis(5));
        List<Integer> rounds = new ArrayList<>();

        int ran = loop.run(n -> {
            rounds.add(n);
            if (n == 3) {
                loop.requestStop();
            }
        });

        assertThat(ran).isEqualTo(3);
        assertThat(rounds).containsExactly(1, 2, 3);
    }

    @Test
    void shouldEndTheWaitBetweenRoundsAtOnceWhenStopped() throws Exception {
        RetrainLoop loop = new RetrainLoop(Duration.ofHours(1));
        CountDownLatch firstRoundDone = new CountDownLatch(1);
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> loop.run(n -> firstRoundDone.countDown()));
        assertThat(firstRoundDone.await(10, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        loop.requestStop();
        int ran = running.get(10, TimeUnit.SECONDS);

        assertThat(ran).as("no second round, the hour's wait cut short").isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void shouldFinishTheRoundInProgressAndStartNoOtherWhenStoppedDuringIt() {
        RetrainLoop loop = new RetrainLoop(Duration.ofMillis(1));
        List<String> events = new ArrayList<>();

        int ran = loop.run(n -> {
            events.add("start " + n);
            loop.requestStop(); // SIGTERM while the round trains
            events.add("end " + n);
        });

        assertThat(ran).isEqualTo(1);
        assertThat(events).containsExactly("start 1", "end 1");
    }

    @Test
    void shouldRefuseAScheduleWithoutTimeBetweenRounds() {
        assertThatThrownBy(() -> new RetrainLoop(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
