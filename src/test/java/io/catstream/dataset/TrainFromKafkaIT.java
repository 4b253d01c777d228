package io.catstream.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.catstream.kafka.Topics;
import io.catstream.model.DataLineage;
import io.catstream.model.ModelArtifact;
import io.catstream.model.ModelCodec;
import io.catstream.send.ImageSender;
import io.catstream.send.TruthSender;
import io.catstream.send.TruthSource;
import io.catstream.stream.StreamTestKit;
import io.catstream.testsupport.CliRun;
import io.catstream.testsupport.DatasetFiles;
import io.catstream.testsupport.EmbeddedBroker;
import io.catstream.testsupport.SharedData;
import io.catstream.train.ImageFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #14 on a real broker: 120 labelled photos of the article set go to {@code images}, half with the {@code label}
 * header and half without, whose truth then comes on {@code image-truth} through {@link TruthSender} (the producer of
 * {@code catstream truth}); one image gets a conflicting truth and one none. {@code train --from-kafka} must give
 * weights bit-identical to {@code train --data} on a folder of exactly the 118 photos with truth, {@code dataset export}
 * must write those photos back byte for byte, and once the records are deleted it must say which offsets are gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainFromKafkaIT {

    @RegisterExtension
    static final EmbeddedBroker KAFKA = new EmbeddedBroker();

    private static final String PREFIX = "tfk.";
    private static final int PER_CLASS = 60;
    private static Path dir;
    private static Path folder;
    private static String conflicting;
    private static String withoutTruth;
    private static java.time.Instant beforeSending;

    @BeforeAll
    static void sendPhotosAndLateTruth() throws IOException {
        Path article = SharedData.assumeData("article");
        beforeSending = java.time.Instant.now().minusSeconds(1);
        StreamTestKit.createTopics(KAFKA.settings(), PREFIX);
        dir = StreamTestKit.tempDir("tfk");
        folder = dir.resolve("set");
        List<String> cats = DatasetFiles.firstFiles(article.resolve(ImageFolder.CATS), PER_CLASS + 1);
        List<String> others = DatasetFiles.firstFiles(article.resolve(ImageFolder.NON_CATS), PER_CLASS + 1);
        List<ProducerRecord<String, byte[]>> images = new ArrayList<>();
        List<TruthSource> lateTruth = new ArrayList<>();
        for (int i = 0; i < PER_CLASS; i++) {
            for (String id : List.of(ImageFolder.CATS + "/" + cats.get(i), ImageFolder.NON_CATS + "/" + others.get(i))) {
                boolean isCat = id.startsWith(ImageFolder.CATS);
                byte[] bytes = Files.readAllBytes(article.resolve(id));
                Path copy = folder.resolve(id);
                Files.createDirectories(copy.getParent());
                Files.write(copy, bytes);
                boolean header = i % 2 == 0; // every other image carries its truth; the others get it later
                images.add(ImageSender.record(PREFIX + Topics.IMAGES, id, header ? isCat : null, bytes));
                if (!header) {
                    lateTruth.add(new TruthSource(id, isCat));
                }
            }
        }
        // two more images that must be left out: truth that contradicts the header, and no truth at all
        conflicting = ImageFolder.CATS + "/" + cats.get(PER_CLASS);
        withoutTruth = ImageFolder.NON_CATS + "/" + others.get(PER_CLASS);
        images.add(ImageSender.record(PREFIX + Topics.IMAGES, conflicting, true, Files.readAllBytes(article.resolve(conflicting))));
        images.add(ImageSender.record(PREFIX + Topics.IMAGES, withoutTruth, null, Files.readAllBytes(article.resolve(withoutTruth))));
        lateTruth.add(new TruthSource(conflicting, false));
        StreamTestKit.send(KAFKA.settings(), images);
        try (TruthSender truth = new TruthSender(KAFKA.settings(), PREFIX + Topics.IMAGE_TRUTH, "it", Clock.systemUTC())) {
            assertThat(truth.send(lateTruth, 0, Duration.ZERO).failed()).isZero();
        }
    }

    private static CliRun train(String model, String... source) {
        List<String> args = new ArrayList<>(List.of("train", "--recipe", "mlp", "--image-size", "8", "--arch", "dense4,dense1",
                "--epochs", "4", "--batch-size", "8", "--lr", "0.01", "--out", dir.resolve(model).toString()));
        args.addAll(List.of(source));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static String[] fromKafka(String... more) {
        List<String> args = new ArrayList<>(List.of("--from-kafka", "--bootstrap-servers", KAFKA.bootstrapServers(),
                "--topic-prefix", PREFIX));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    @Order(1)
    void shouldTrainFromKafkaTheWeightsTheSamePhotosGiveFromDisk() throws IOException {
        CliRun kafka = train("kafka.model", fromKafka());
        CliRun disk = train("disk.model", "--data", folder.toString());
        CliRun article = CliRun.of(Stream.concat(Stream.of("train", "--dims", "192,4,1", "--iterations", "30",
                "--out", dir.resolve("article.model").toString()), Stream.of(fromKafka())).toArray(String[]::new));
        CliRun articleDisk = CliRun.of("train", "--dims", "192,4,1", "--iterations", "30", "--out",
                dir.resolve("article-disk.model").toString(), "--data", folder.toString());

        assertThat(kafka.exitCode()).as(kafka.toString()).isZero();
        assertThat(disk.exitCode()).as(disk.toString()).isZero();
        ModelArtifact fromKafka = ModelCodec.read(dir.resolve("kafka.model"));
        ModelArtifact fromDisk = ModelCodec.read(dir.resolve("disk.model"));
        assertThat(fromKafka.training().trainExamples()).isPositive();
        assertSameWeights(fromKafka, fromDisk);
        assertThat(article.exitCode()).as(article.toString()).isZero();
        assertThat(articleDisk.exitCode()).as(articleDisk.toString()).isZero();
        assertSameWeights(ModelCodec.read(dir.resolve("article.model")), ModelCodec.read(dir.resolve("article-disk.model")));

        DataLineage lineage = fromKafka.training().source();
        assertThat(fromDisk.training().source()).as("a folder's model records no Kafka lineage").isNull();
        assertThat(lineage.kind()).isEqualTo(DataLineage.KAFKA);
        assertThat(lineage.clusterId()).isNotBlank();
        assertThat(lineage.classes()).isEqualTo(Map.of(KafkaDataset.CAT, (long) PER_CLASS, KafkaDataset.NOT_CAT, (long) PER_CLASS));
        assertThat(lineage.leftOut()).isEqualTo(Map.of(LeftOut.CONFLICTING_TRUTH, 1L, LeftOut.NO_TRUTH, 1L));
        assertThat(lineage.rangesOf(PREFIX + Topics.IMAGES).stream().mapToLong(DataLineage.OffsetRange::count).sum())
                .as("every image record read, the two left out included").isEqualTo(2L * PER_CLASS + 2);
        assertThat(lineage.rangesOf(PREFIX + Topics.IMAGE_TRUTH).stream().mapToLong(DataLineage.OffsetRange::count).sum())
                .isEqualTo(PER_CLASS + 1L);
        assertThat(lineage.sha256()).isEqualTo(DatasetFiles.sha256OfFolder(folder));
        CliRun show = CliRun.of("show-model", "--model", dir.resolve("kafka.model").toString());
        assertThat(show.out()).contains("data: kafka, cluster " + lineage.clusterId()).contains("sha256 " + lineage.sha256())
                .contains("data: " + PREFIX + Topics.IMAGES + " 0:[0, ");
    }

    @Test
    @Order(2)
    void shouldSelectTheSameDataSetByOffsetsOrByTimeAndNothingAfterIt() throws IOException {
        DataLineage whole = ModelCodec.read(dir.resolve("kafka.model")).training().source();
        String offsets = String.join(",", whole.rangesOf(PREFIX + Topics.IMAGES).stream().map(Object::toString).toList());
        java.time.Instant later = java.time.Instant.now().plusSeconds(3600);

        CliRun byOffsets = train("offsets.model", fromKafka("--offsets", offsets));
        CliRun byTime = train("times.model", fromKafka("--since", beforeSending.toString(), "--until", later.toString()));
        CliRun afterAll = train("none.model", fromKafka("--since", later.toString()));

        assertThat(byOffsets.exitCode()).as(byOffsets.toString()).isZero();
        assertThat(byTime.exitCode()).as(byTime.toString()).isZero();
        assertThat(ModelCodec.read(dir.resolve("offsets.model")).training().source()).isEqualTo(whole);
        assertThat(ModelCodec.read(dir.resolve("times.model")).training().source()).isEqualTo(whole);
        assertThat(afterAll.exitCode()).as(afterAll.toString()).isEqualTo(2);
        assertThat(afterAll.err()).contains("has truth");
    }

    private static void assertSameWeights(ModelArtifact a, ModelArtifact b) {
        assertThat(a.parametersSha256()).isEqualTo(b.parametersSha256());
        assertThat(a.arrays()).hasSameSizeAs(b.arrays());
        for (int i = 0; i < a.arrays().size(); i++) {
            double[] x = a.arrays().get(i);
            double[] y = b.arrays().get(i);
            assertThat(x.length).isEqualTo(y.length);
            for (int j = 0; j < x.length; j++) {
                assertThat(Double.doubleToRawLongBits(x[j])).as("array %d element %d", i, j)
                        .isEqualTo(Double.doubleToRawLongBits(y[j]));
            }
        }
        assertThat(a.input()).isEqualTo(b.input());
    }

    @Test
    @Order(3)
    void shouldExportTheTrainingSetByteForByteAndNameTheOffsetsOnceTheyAreDeleted() throws Exception {
        Path model = dir.resolve("kafka.model");
        if (!Files.exists(model)) {
            assertThat(train("kafka.model", fromKafka()).exitCode()).isZero();
        }
        Path out = dir.resolve("export");
        CliRun export = CliRun.of("dataset", "export", "--model", model.toString(), "--out", out.toString(),
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-prefix", PREFIX);

        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(export.out()).contains("wrote " + 2 * PER_CLASS + " images (" + PER_CLASS + " cats, " + PER_CLASS + " not)");
        assertThat(filesOf(out)).isEqualTo(filesOf(folder));
        for (String file : filesOf(folder).keySet()) {
            assertThat(Files.readAllBytes(out.resolve(file))).as(file).isEqualTo(Files.readAllBytes(folder.resolve(file)));
        }

        DataLineage.OffsetRange first = ModelCodec.read(model).training().source().rangesOf(PREFIX + Topics.IMAGES).stream()
                .filter(r -> r.count() > 1).findFirst().orElseThrow();
        try (Admin admin = Admin.create(KAFKA.settings().clientConfig(Map.of()))) {
            admin.deleteRecords(Map.of(new TopicPartition(first.topic(), first.partition()), RecordsToDelete.beforeOffset(first.from() + 1)))
                    .all().get();
        }
        CliRun gone = CliRun.of("dataset", "export", "--model", model.toString(), "--out", dir.resolve("export2").toString(),
                "--bootstrap-servers", KAFKA.bootstrapServers(), "--topic-prefix", PREFIX);

        assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(2);
        assertThat(gone.err().strip().lines()).hasSize(1);
        assertThat(gone.err()).contains(first.topic() + " partition " + first.partition() + " no longer has offsets "
                + first.from() + "-" + first.from());
        assertThat(dir.resolve("export2")).doesNotExist();
    }

    /** Relative path → size of every file under {@code root}. */
    private static Map<String, Long> filesOf(Path root) throws IOException {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.size(p));
            }
        }
        return files;
    }
}
