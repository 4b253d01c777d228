package io.catstream.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs one JMH benchmark class as our benchmark mains do and returns each method's score by method name. */
final class JmhScores {

    private JmhScores() {
    }

    /**
     * JMH's command line {@code args}, the class's methods, forks with the Vector API module and a headless AWT,
     * a GC between iterations, then {@code more} (extra parameters, say).
     */
    static Map<String, Double> run(Class<?> benchmark, String[] args, UnaryOperator<ChainedOptionsBuilder> more)
            throws RunnerException, CommandLineOptionException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .parent(new CommandLineOptions(args))
                .include(benchmark.getSimpleName())
                .jvmArgsAppend("--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true")
                .shouldDoGC(true);
        Collection<RunResult> results = new Runner(more.apply(options).build()).run();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            scores.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        return scores;
    }
}
