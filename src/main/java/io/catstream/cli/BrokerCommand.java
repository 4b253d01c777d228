package io.catstream.cli;

import io.catstream.kafka.EmbeddedKafkaBroker;
import io.catstream.kafka.KafkaSettings;
import io.catstream.kafka.TopicCatalog;
import io.catstream.kafka.TopicReconciler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code catstream broker}: a real single-node Kafka broker in this process, until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a single-node Apache Kafka broker (KRaft) in this process for development and demos.",
            "Data survives a restart on the same --data-dir. Stops cleanly on Ctrl-C."})
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", description = "Client port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "kafka-data",
            description = "Where the broker keeps its logs; formatted on first use (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--create-topics", description = "Also create or align the catstream topics (as 'topics apply').")
    boolean createTopics;

    @Mixin
    TopicNameOptions topicNames;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new UserError("invalid value " + port + " for --port: use 1-65535, or 0 for any free port");
        }
        PrintWriter out = spec.commandLine().getOut();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.at(dataDir, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "catstream-broker-shutdown");
        try {
            broker.start();
        } catch (RuntimeException e) {
            throw new UserError("cannot start the broker on port " + port + " with data in " + dataDir + ": " + e.getMessage()
                    + " (port in use? another broker on this --data-dir?)", e);
        }
        Runtime.getRuntime().addShutdownHook(hook);
        if (createTopics) {
            try (Admin admin = KafkaOptions.admin(KafkaSettings.of(broker.bootstrapServers()))) {
                new TopicReconciler(admin, topicNames.names()).apply(TopicCatalog.builtIn()).forEach(c -> out.println("topics: " + c));
            }
        }
        out.println("Kafka broker running, bootstrap servers " + broker.bootstrapServers() + ", data in " + broker.dataDir()
                + "; Ctrl-C to stop");
        out.flush();
        stopped.await();
        return 0;
    }
}
