package io.catstream.stream;

import io.catstream.kafka.RecordLimits;
import io.catstream.send.ImageSender;
import io.catstream.send.ImageSource;
import io.catstream.serve.ScoringConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.catstream.image.ImageLimits;
import io.catstream.kafka.KafkaSettings;
import io.catstream.kafka.TopicCatalog;
import io.catstream.kafka.TopicNames;
import io.catstream.kafka.TopicReconciler;
import io.catstream.model.ModelCodec;
import io.catstream.model.TestModels;
import io.catstream.nn.NetworkShape;
import io.catstream.registry.ModelPublisher;
import io.catstream.testsupport.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Topics, tiny models, real images, committed reads and HTTP for the scorer's integration tests. */
public final class StreamTestKit {

    public static final Duration DEADLINE = Duration.ofSeconds(60);
    /** 8×8 RGB in, 4 hidden units: scores a real photo in microseconds; the pipeline, not accuracy, is under test. */
    public static final NetworkShape TINY = new NetworkShape(new int[] {192, 4, 1});
    public static final String MODEL = "cats";

    private StreamTestKit() {
    }

    /** Creates the catalog's topics under {@code prefix}; returns their names. */
    public static ScoringTopics createTopics(KafkaSettings settings, String prefix) {
        try (Admin admin = Admin.create(settings.clientConfig(Map.of()))) {
            new TopicReconciler(admin, TopicNames.withPrefix(prefix)).apply(TopicCatalog.builtIn());
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics: " + e, e);
        }
        return ScoringTopics.of(TopicNames.withPrefix(prefix));
    }

    /** A scorer config for tests: model {@value #MODEL}, HTTP on a free port, 10 s accuracy windows. */
    public static ScoringConfig config(KafkaSettings settings, ScoringTopics topics, String applicationId, Path stateDir) {
        return ScoringConfig.defaults(settings).withTopics(topics).withModelName(MODEL).withApplicationId(applicationId)
                .withHttpPort(0).withStateDir(stateDir).withAccuracyWindow(Duration.ofSeconds(10)).withStreamThreads(2)
                .withLimits(ImageLimits.defaults());
    }

    public static byte[] tinyModel(long seed) {
        return ModelCodec.encode(TestModels.random(TINY, seed).withName(MODEL));
    }

    /**
     * {@link #tinyModel} with a made-up {@link io.catstream.model.ModelReference} (issue #17), so the scorer exports
     * the PSI and reference series too.
     */
    public static byte[] tinyModelWithReference(long seed) {
        io.catstream.model.ModelReference reference = io.catstream.model.ModelReference.of("validation",
                new double[] {0.1, 0.4, 0.45, 0.6, 0.9}, new double[] {0.3, 0.4, 0.5, 0.5, 0.6}, new double[] {0, 0, 1, 1, 1});
        return ModelCodec.encode(TestModels.random(TINY, seed).withName(MODEL).withReference(reference));
    }

    public static ModelPublisher.Published publish(KafkaSettings settings, ScoringTopics topics, byte[] model) {
        try (ModelPublisher publisher = new ModelPublisher(settings, topics.modelWeights(), MODEL, null, Clock.systemUTC(),
                DEADLINE)) {
            return publisher.publish(model, true, "test");
        }
    }

    /** Publishes {@code model} as the challenger of {@link #MODEL}, as {@code catstream publish --as challenger} does. */
    public static ModelPublisher.Published publishChallenger(KafkaSettings settings, ScoringTopics topics, byte[] model) {
        try (ModelPublisher publisher = new ModelPublisher(settings, topics.modelWeights(), MODEL, null, Clock.systemUTC(),
                DEADLINE)) {
            return publisher.publish(model, ModelPublisher.Role.CHALLENGER, "test");
        }
    }

    /** {@code perClass} cats and as many non-cats of the shared article set, labelled. */
    public static List<ImageSource> articleImages(int perClass) {
        Path article = SharedData.assumeData("article");
        try {
            List<ImageSource> all = ImageSource.collect(List.of(article));
            List<ImageSource> cats = all.stream().filter(i -> Boolean.TRUE.equals(i.label())).limit(perClass).toList();
            List<ImageSource> others = all.stream().filter(i -> Boolean.FALSE.equals(i.label())).limit(perClass).toList();
            List<ImageSource> mixed = new ArrayList<>();
            for (int i = 0; i < perClass; i++) {
                mixed.add(cats.get(i));
                mixed.add(others.get(i));
            }
            return mixed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code images} to {@code topic} with catstream's own image producer, asserting none failed. */
    public static void sendImages(KafkaSettings settings, String topic, List<ImageSource> images) {
        try (ImageSender sender = new ImageSender(settings, topic)) {
            assertThat(sender.send(images, 0, 0, 1, null).failed()).isZero();
        }
    }

    /** The bytes of an image file. */
    public static byte[] bytes(ImageSource image) {
        try {
            return Files.readAllBytes(image.file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code records} as they are (topic, key, value, headers) and waits until the broker has them. Room for the
     * largest image a topic takes (21 MiB); batched, for tests that send thousands.
     */
    public static void send(KafkaSettings settings, List<ProducerRecord<String, byte[]>> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.clientConfig(Map.of(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, RecordLimits.builtIn().imageRecordBytes(), ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 1_048_576)), new StringSerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    /** Reads {@code topic} from the beginning with read_committed until {@code count} records arrived. */
    public static List<ConsumerRecord<String, byte[]>> readCommitted(KafkaSettings settings, String topic, int count) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.clientConfig(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, RecordLimits.builtIn().imageRecordBytes(),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50)), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(10)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= count;
            });
            // anything beyond count would be a duplicate or a stray: read what else is there now
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        return records;
    }

    public static List<Label> labels(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> Label.fromJson(r.value())).toList();
    }

    public static int partitions(KafkaSettings settings, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.clientConfig(Map.of()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            return infos.size();
        }
    }

    /** GET {@code path} on localhost:{@code port}. */
    public static HttpResponse<String> get(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of one Prometheus sample line {@code name{labels} value} (labels as printed), or NaN. */
    public static double sample(String scrape, String nameAndLabels) {
        return Stream.of(scrape.split("\n")).filter(l -> l.startsWith(nameAndLabels + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(Double.NaN);
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
