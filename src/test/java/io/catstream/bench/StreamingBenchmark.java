package io.catstream.bench;

import io.catstream.bench.LoadGenerator.Result;
import io.catstream.bench.ScorerRig.Photo;
import io.catstream.image.ImageLimits;
import io.catstream.image.ImagePreprocessor;
import io.catstream.image.PreprocessingContract;
import io.catstream.image.RgbImage;
import io.catstream.model.ModelArtifact;
import io.catstream.model.Classifiers;
import io.catstream.model.ModelCodec;
import io.catstream.model.ScoringEngine;
import io.catstream.nn.Parameters;
import io.catstream.nn.layered.Classifier;
import io.catstream.registry.ModelPublisher;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * The scorer's throughput and latency on this machine, through a real broker ({@link ScorerRig}: embedded broker,
 * article-shape model, {@code catstream serve} in its own JVM with a capped heap) with real photos cycled from the
 * article set, labelled from their folders ({@link LoadGenerator}). Prints (a) images/s at max rate (pipelined:
 * producer, broker and scorer share the machine) and, separately, the drain rate of the backlog left when the producer
 * finished, (b) end-to-end
 * latency percentiles at a fixed rate, (c) the live-swap latency, (d) images/s at max rate for the same photos
 * pre-shrunk to 128×128 JPEGs (what many event pipelines send), (e) the truth join's cost (max rate without and with
 * truth 1–30 s after each image), the scorer's heap after a GC and where the time goes
 * (with {@code --jfr FILE}: a JFR recording of the scorer during (a), broken down by {@link JfrBreakdown}; and of each arm
 * of (e)'s first round, FILE-e-without-truth.jfr and FILE-e-with-truth.jfr, compared per image).
 * A command, not a test: {@code bench/streaming.sh [--images N] [--rate R] [--seconds S] [--threads T]
 * [--commit-interval D] [--scorer-heap 256m] [--guarantee exactly_once_v2] [--warmup 3000] [--small-images N]
 * [--jfr FILE] [--data DIR] [--serve-config FILE] [--drift-statistics on|off] [--truth-images N] [--truth-rounds N] [--challenger on|off]}
 * ({@code --challenger on}: (f), the same max-rate run as (a) with a challenger shadow-scoring every image, {@link ShadowCost}; {@code --serve-config}:
 * a properties file handed to the scorer as {@code catstream serve --command-config}, e.g. {@code producer.linger.ms=5};
 * {@code --drift-statistics off}: {@code serve --no-drift-statistics}, the baseline of issue #17's cost).
 */
public final class StreamingBenchmark {

    private StreamingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = ScorerRig.options(args);
        int images = Integer.parseInt(opts.getOrDefault("images", "30000"));
        int smallImages = Integer.parseInt(opts.getOrDefault("small-images", "6000"));
        int truthImages = Integer.parseInt(opts.getOrDefault("truth-images", "45000"));
        int truthRounds = Integer.parseInt(opts.getOrDefault("truth-rounds", "1"));
        TruthLoad.After truthAfter = switch (opts.getOrDefault("truth-after", "scored")) {
            case "scored" -> TruthLoad.After.SCORED;
            case "sent" -> TruthLoad.After.SENT;
            default -> throw new IllegalArgumentException("--truth-after must be scored or sent, got " + opts.get("truth-after"));
        };
        if (truthRounds < 1) {
            throw new IllegalArgumentException("--truth-rounds must be at least 1, got " + truthRounds);
        }
        int rate = Integer.parseInt(opts.getOrDefault("rate", "200"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "20"));
        String threads = opts.getOrDefault("threads", "2");
        String commitInterval = opts.get("commit-interval");
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "3000"));
        int warmupRounds = Integer.parseInt(opts.getOrDefault("warmup-rounds", "6"));
        String heap = opts.getOrDefault("scorer-heap", "256m");
        String guarantee = opts.getOrDefault("guarantee", "exactly_once_v2");
        Path jfr = opts.containsKey("jfr") ? Path.of(opts.get("jfr")).toAbsolutePath() : null;
        Path data = Path.of(opts.getOrDefault("data", "../shared/data/article"));
        String phases = opts.getOrDefault("phases", "abcde");
        if (!phases.matches("ab[c]?[d]?[e]?")) {
            throw new IllegalArgumentException("--phases must be ab followed by any of c, d, e in order (default abcde), got " + phases);
        }
        String engine = opts.getOrDefault("engine", ScoringEngine.AUTO.token());

        List<Photo> photos = ScorerRig.photos(data);
        ModelArtifact model = ScorerRig.benchModel(opts.getOrDefault("model", "article"));
        ScoringEngine scoredBy = Classifiers.chosen(model, ScoringEngine.parse(engine));
        System.out.printf(Locale.ROOT, "model: %s, scored by %s (--engine %s)%s%n", model.describeNetwork(), scoredBy, engine,
                model.extra().containsKey("note") ? "; " + model.extra().get("note").toUpperCase(Locale.ROOT) : "");
        stageCosts(photos, model, ScoringEngine.parse(engine));
        List<String> serveArgs = new ArrayList<>(List.of("--stream-threads", threads, "--processing-guarantee", guarantee,
                "--engine", engine));
        if (commitInterval != null) {
            serveArgs.addAll(List.of("--commit-interval", commitInterval));
        }
        String drift = opts.getOrDefault("drift-statistics", "on");
        if (!drift.equals("on") && !drift.equals("off")) {
            throw new IllegalArgumentException("--drift-statistics must be on or off, got " + drift);
        }
        if (drift.equals("off")) {
            serveArgs.add("--no-drift-statistics"); // issue #17: the statistics' cost is the difference on vs off
        }
        String challengerOption = opts.getOrDefault("challenger", "off");
        if (!challengerOption.equals("on") && !challengerOption.equals("off")) {
            throw new IllegalArgumentException("--challenger must be on or off, got " + challengerOption);
        }
        boolean challenger = challengerOption.equals("on"); // issue #13: (f) shadow scoring's cost against (a)
        if (opts.containsKey("serve-config")) {

            // Client settings to try on the scorer (e.g. producer.linger.ms=5), as an operator would pass them.
            serveArgs.addAll(List.of("--command-config", Path.of(opts.get("serve-config")).toAbsolutePath().toString()));
        }
        // With --jfr, JFR runs in the scorer from its start. Starting the first recording in the warm scorer (a JVMTI
        // state change) sent its Vector API code back to the allocating Java fallback until C2 recompiled it: in
        // one run 65 of the 291 forward-pass samples of (a) were in that fallback, all in its first 7 s (3 of 403
        // with the recording started at launch), so the profile overstated the forward pass. The recording of (a)
        // is then a second one, which leaves the compiled code alone.
        List<String> jvmArgs = jfr == null ? List.of() : List.of("-XX:StartFlightRecording=name=launch,settings=profile,disk=false");
        List<String> launcher = opts.containsKey("pin") ? pin(opts.get("pin")) : List.of();
        try (ScorerRig rig = ScorerRig.start(model, heap, launcher, jvmArgs, serveArgs)) {
            warmUp(rig, photos, warmup, warmupRounds);
            Map<String, Double> before = rig.scrape();
            if (jfr != null) {
                rig.jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + jfr);
            }
            long brokerCpu = processCpuNanos();
            Result max = LoadGenerator.run(rig, photos, images, 0, "(a) max rate");
            brokerCpu = processCpuNanos() - brokerCpu;
            if (jfr != null) {
                rig.jcmd("JFR.stop", "name=bench");
            }
            Map<String, Double> afterMax = rig.scrape();
            String shadow = challenger ? ShadowCost.measure(rig, photos, images, warmup, max) : null;
            Result fixed = LoadGenerator.run(rig, photos, rate * seconds, rate, "(b) " + rate + " images/s");
            Map<String, Double> afterFixed = rig.scrape();
            String swap = phases.contains("c") ? swap(rig, photos, rate) : "(c) not run (--phases " + phases + ")";

            // (d) photos pre-shrunk to the model's input size, so the scorer's resize is a copy
            int side = model.input().imageSize();
            List<Photo> small = phases.contains("d") ? shrink(photos, side) : List.of();
            Map<String, Double> beforeSmall = null;
            Result smallMax = null;
            Map<String, Double> afterSmall = null;
            if (phases.contains("d")) {
                LoadGenerator.run(rig, small, Math.min(smallImages, 2000), 0, "warm-up, " + side + "×" + side + " JPEGs");
                beforeSmall = rig.scrape();
                smallMax = LoadGenerator.run(rig, small, smallImages, 0, "(d) max rate, " + side + "×" + side + " JPEGs");
                afterSmall = rig.scrape();
            }
            String truth = phases.contains("e") ? truth(rig, photos, truthImages, truthRounds, truthAfter, jfr) : "(e) not run (--phases " + phases + ")";

            System.out.println();
            System.out.printf(Locale.ROOT, "(a) max rate, article photos: %,d images in %.2f s = %.0f images/s (produced at %.0f/s); "
                            + "latency p50 %.0f ms, p95 %.0f ms, p99 %.0f ms (queueing included)%n",
                    max.count(), max.seconds(), max.imagesPerSecond(), max.produceRate(), max.p(50), max.p(95), max.p(99));
            System.out.printf(Locale.ROOT, "(a) drain, same run: when the producer had sent its last image, %,d labels were still to "
                            + "come; they took %.2f s = %.0f images/s (the scorer working off a backlog, no producer running; "
                            + "not the pipelined rate above)%n", max.drained(), max.drainSeconds(), max.drainImagesPerSecond());
            System.out.printf(Locale.ROOT, "(b) %d images/s, article photos: %,d images; produce → label visible (read_committed) "
                            + "p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    rate, fixed.count(), fixed.p(50), fixed.p(95), fixed.p(99), fixed.p(100));
            System.out.printf(Locale.ROOT, "    scorer side (record timestamp → scored, histogram buckets): p50 ≤ %s, p95 ≤ %s, p99 ≤ %s%n",
                    bucketQuantile(afterMax, afterFixed, 0.50), bucketQuantile(afterMax, afterFixed, 0.95),
                    bucketQuantile(afterMax, afterFixed, 0.99));
            if (!opts.getOrDefault("model", "article").equals("article")) {
                // issue #15: the recommended CNN through the broker on 2 cores, exactly-once
                System.out.printf(Locale.ROOT, "issue #15 goal, %s scored by %s, %s: (a) %.0f images/s %s 800; (b) p99 %.0f ms at %d/s %s 100 ms%s%n",
                        model.describeNetwork(), scoredBy, guarantee, max.imagesPerSecond(), max.imagesPerSecond() >= 800 ? "≥" : "<",
                        fixed.p(99), rate, fixed.p(99) <= 100 ? "≤" : ">", images < 6000
                                ? " (a short run: --images " + images + ", not a measurement of the goal)" : "");
            }
            System.out.println(swap);
            if (shadow != null) {
                System.out.println(shadow);
            }
            if (smallMax != null) {
                System.out.printf(Locale.ROOT, "(d) max rate, the same photos pre-shrunk to %d×%d JPEGs (mean %.1f kB): %,d images in %.2f s "
                                + "= %.0f images/s%n", side, side, meanKb(small), smallMax.count(), smallMax.seconds(),
                        smallMax.imagesPerSecond());
            } else {
                System.out.println("(d) not run (--phases " + phases + ")");
            }
            System.out.println(truth);
            whereTimeGoes("(a)", before, afterMax, max, Integer.parseInt(threads));
            System.out.printf(Locale.ROOT, "(a) broker + load generator (this JVM) CPU: %.0f µs per image, %.0f %% of one core%n",
                    brokerCpu / 1e3 / max.count(), 100 * brokerCpu / 1e9 / max.seconds());
            if (smallMax != null) {
                whereTimeGoes("(d)", beforeSmall, afterSmall, smallMax, Integer.parseInt(threads));
            }
            if (jfr != null) {
                System.out.println("where the scorer's CPU went during (a), " + jfr + ":");
                System.out.print(JfrBreakdown.read(jfr).table());
            }
            System.out.println("scorer heap after GC (jcmd GC.run): " + rig.heapAfterGc() + " (-Xmx" + heap + ")");
            System.out.printf(Locale.ROOT, "dead letters: %.0f, scorer log: %s%n",
                    sum(rig.scrape(), "catstream_images_dead_lettered_total"), rig.log);
        }
    }

    /**
     * At least {@code images} photos at max rate, then rounds of 1,000 until the scorer's JIT compiles fewer than 50
     * methods in a round (at most {@code rounds} more, default 6): measuring while C2 still compiles measures the compiler, which
     * took a third of a core during (a) after a fixed 3,000-image warm-up.
     */
    private static void warmUp(ScorerRig rig, List<Photo> photos, int images, int rounds) throws Exception {
        LoadGenerator.run(rig, photos, images, 0, "warm-up");
        long compiled = rig.compiledMethods();
        for (int round = 1; round <= rounds && compiled >= 0; round++) {
            LoadGenerator.run(rig, photos, 1000, 0, "warm-up round " + round);
            long now = rig.compiledMethods();
            System.out.printf(Locale.ROOT, "  scorer JIT: %d methods compiled, %d in this round%n", now, now - compiled);
            if (now - compiled < 50) {
                break;
            }
            compiled = now;
        }
    }

    /** (c) A second article-size version published while images flow at {@code rate}/s: activation → first score. */
    private static String swap(ScorerRig rig, List<Photo> photos, int rate) throws Exception {
        Map<String, Double> before = rig.scrape();
        Thread traffic = new Thread(() -> {
            try {
                LoadGenerator.run(rig, photos, rate * 4, rate, "(c) swap under " + rate + " images/s");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        traffic.start();
        Thread.sleep(1000);
        ModelPublisher.Published v2;
        ModelArtifact model = rig.model;
        try (ModelPublisher publisher = new ModelPublisher(rig.settings, rig.topics.modelWeights(), ScorerRig.MODEL, null,
                Clock.systemUTC(), Duration.ofSeconds(60))) {
            // the article network: other random weights; any other model: the same weights again, as a new version
            ModelArtifact next = model.isDenseOnly() ? ModelArtifact.of(ScorerRig.MODEL, model.input(), model.training(),
                    Parameters.initialize(model.shape(), 2)) : model;
            v2 = publisher.publish(ModelCodec.encode(next), true, "bench swap");
        }
        traffic.join();
        double seconds = delta(before, rig.scrape(), "catstream_model_swap_latency_seconds_sum");
        return String.format(Locale.ROOT, "(c) live swap to %s@%d (%,d-byte record) under %d images/s: activation → first image "
                        + "scored by it %.0f ms (publish write+commit %d ms)", ScorerRig.MODEL, v2.model().version(), v2.recordBytes(),
                rate, seconds * 1000, v2.writeAndCommit().toMillis());
    }

    /**
     * (e) The truth join's cost: the photos without label headers at max rate, without truth and with truth for every
     * image 1–30 s after it was scored on image-truth ({@link TruthLoad}; {@code --truth-images}, default 45,000). The
     * run with truth follows an unmeasured 30 s prelude of images whose truth comes during it, so truth flows at the
     * image rate from its first second; the run without, a prelude without truth. The join's stores take every
     * prediction in both runs; the second adds the truth records, their store writes and a labelled-predictions record
     * per image. {@code --truth-rounds N}
     * repeats the pair N times, alternating, because on this shared 2-core machine two runs of the same build differ by
     * up to ±20 %: one pair cannot tell a 10 % cost from noise, the mean and median of N ratios can.
     */
    private static String truth(ScorerRig rig, List<Photo> photos, int images, int rounds, TruthLoad.After truthAfter, Path jfr)
            throws Exception {
        List<Photo> unlabelled = photos.stream().map(p -> new Photo(p.bytes(), null)).toList();
        StringBuilder lines = new StringBuilder();
        List<Double> ratios = new ArrayList<>();
        List<Double> cpuRatios = new ArrayList<>();
        double lastRate = 1000; // images/s, for the first prelude's length; then the last arm without truth's
        for (int round = 1; round <= rounds; round++) {
            String of = rounds == 1 ? "" : String.format(Locale.ROOT, " (round %d of %d)", round, rounds);
            // with --jfr, the first round's two arms are each recorded, to compare where the scorer's CPU went
            Path jfrWithout = jfr != null && round == 1 ? sibling(jfr, "-e-without-truth.jfr") : null;
            Path jfrWith = jfr != null && round == 1 ? sibling(jfr, "-e-with-truth.jfr") : null;
            // each arm follows an unmeasured prelude of the same load (30 s at the last rate seen), so both start as warm:
            // the arm with truth needs one (below), and without its match the first round's arm without truth ran colder
            LoadGenerator.run(rig, unlabelled, preludeImages(lastRate), 0, "(e) prelude, no truth" + of);
            Map<String, Double> start = rig.scrape();
            long jvmStart = processCpuNanos();
            ThreadCpu threadsStart = ThreadCpu.snapshot();
            startJfr(rig, jfrWithout);
            Result without = LoadGenerator.run(rig, unlabelled, images, 0, "(e) max rate, no truth" + of);
            stopJfr(rig, jfrWithout);
            long jvmAfterWithout = processCpuNanos();
            ThreadCpu threadsAfterWithout = ThreadCpu.snapshot();
            Map<String, Double> afterWithout = rig.scrape();
            Result with;
            long truthSent;
            long jvmBefore;
            long jvmEnd;
            ThreadCpu threadsBefore;
            ThreadCpu threadsEnd;
            Map<String, Double> before;
            Map<String, Double> after;
            try (TruthLoad truth = new TruthLoad(rig, photos, truthAfter)) {
                // a prelude, not measured: 30 s of images whose truth then comes during the measured run, so truth
                // arrives at the image rate from its start, as in a steady stream (else the first 30 s had less)
                lastRate = without.imagesPerSecond();
                LoadGenerator.run(rig, unlabelled, preludeImages(lastRate), 0,
                        "(e) prelude, its truth to come during the next run" + of, truth);
                jvmBefore = processCpuNanos();
                threadsBefore = ThreadCpu.snapshot();
                before = rig.scrape();
                long sentBefore = truth.sent();
                startJfr(rig, jfrWith);
                with = LoadGenerator.run(rig, unlabelled, images, 0, "(e) max rate, truth 1-30 s after each image" + of,
                        truth);
                stopJfr(rig, jfrWith);
                truthSent = truth.sent() - sentBefore;
                jvmEnd = processCpuNanos();
                threadsEnd = ThreadCpu.snapshot(); // before the truth producer's threads end
                after = rig.scrape();
            }
            double ratio = with.imagesPerSecond() / without.imagesPerSecond();
            ratios.add(ratio);
            // CPU per image of every process of the run (scorer + broker, load generator and truth producer), which
            // other load on the machine moves far less than a rate: on 2 saturated cores the rate is the inverse of it
            CpuPerImage cpuWithout = new CpuPerImage(delta(start, afterWithout, "process_cpu_time_ns_total") / images,
                    (double) (jvmAfterWithout - jvmStart) / images);
            CpuPerImage cpuWith = new CpuPerImage(delta(before, after, "process_cpu_time_ns_total") / images,
                    (double) (jvmEnd - jvmBefore) / images);
            cpuRatios.add(cpuWithout.total() / cpuWith.total());
            lines.append(String.format(Locale.ROOT, "(e) truth join%s: %,d images at max rate without truth %.0f images/s, with truth "
                            + "for each 1-30 s after it was %s %.0f images/s (%.0f %%); %,d truth records sent during the run, %.0f joined%n",
                    of, images, without.imagesPerSecond(), truthAfter.name().toLowerCase(Locale.ROOT), with.imagesPerSecond(), 100 * ratio, truthSent,
                    sum(after, "catstream_truth_matched_total") - sum(before, "catstream_truth_matched_total")));
            lines.append(String.format(Locale.ROOT, "    CPU per image without truth: scorer %.0f µs + broker and load generator %.0f µs "
                            + "= %.0f µs; with truth: %.0f + %.0f = %.0f µs (CPU ratio without / with %.0f %%)%n",
                    cpuWithout.scorer() / 1e3, cpuWithout.rest() / 1e3, cpuWithout.total() / 1e3, cpuWith.scorer() / 1e3,
                    cpuWith.rest() / 1e3, cpuWith.total() / 1e3, 100 * cpuWithout.total() / cpuWith.total()));
            if (round == 1) {
                lines.append("(e) where the broker's, load generator's and truth producer's CPU went (this JVM's threads), per image:\n");
                lines.append(ThreadCpu.compare(threadsAfterWithout.since(threadsStart), without.count(), threadsEnd.since(threadsBefore),
                        with.count(), 12));
            }
            if (jfrWithout != null) {
                lines.append("(e) where the scorer's CPU went, without truth (").append(jfrWithout.getFileName()).append(") and with (")
                        .append(jfrWith.getFileName()).append("), per image:\n");
                lines.append(JfrBreakdown.compare(JfrBreakdown.read(jfrWithout), without.count(), JfrBreakdown.read(jfrWith),
                        with.count()));
            }
        }
        if (rounds > 1) {
            List<Double> sorted = ratios.stream().sorted().toList();
            double median = rounds % 2 == 1 ? sorted.get(rounds / 2) : (sorted.get(rounds / 2 - 1) + sorted.get(rounds / 2)) / 2;
            lines.append(String.format(Locale.ROOT, "(e) truth join over %d rounds: with / without mean %.1f %%, median %.1f %%, "
                            + "range %.0f-%.0f %% (issue #12's target: at least 90 %%)%n", rounds,
                    100 * ratios.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), 100 * median,
                    100 * sorted.get(0), 100 * sorted.get(rounds - 1)));
            lines.append(String.format(Locale.ROOT, "(e) CPU per image over %d rounds: without / with mean %.1f %%, range %.0f-%.0f %%%n",
                    rounds, 100 * cpuRatios.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                    100 * cpuRatios.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                    100 * cpuRatios.stream().mapToDouble(Double::doubleValue).max().orElseThrow()));
        }
        return lines.toString().stripTrailing();
    }

    /** Images in a prelude of (e): as many as {@code rate} scores in the longest truth delay (30 s). */
    private static int preludeImages(double rate) {
        return (int) Math.ceil(rate * TruthLoad.MAX_DELAY.toSeconds());
    }

    /** {@code base} with its extension replaced by {@code suffix}: bench.jfr → bench-e-with-truth.jfr. */
    private static Path sibling(Path base, String suffix) {
        String name = base.getFileName().toString().replaceFirst("\\.jfr$", "");
        return base.resolveSibling(name + suffix);
    }

    /** A JFR recording of the scorer into {@code file} (profile settings), or nothing when {@code file} is null. */
    private static void startJfr(ScorerRig rig, Path file) throws Exception {
        if (file != null) {
            rig.jcmd("JFR.start", "name=truth", "settings=profile", "filename=" + file);
        }
    }

    private static void stopJfr(ScorerRig rig, Path file) throws Exception {
        if (file != null) {
            rig.jcmd("JFR.stop", "name=truth");
        }
    }

    /**
     * {@code --pin SCORER:REST}, e.g. {@code 1:0}: the scorer on the CPUs SCORER, this JVM (broker, load generator, truth
     * producer) on REST, with taskset. On two cores that stands for a scorer whose broker runs elsewhere, as in
     * production: what the scorer does then costs only its own core, and the broker's share of a workload (e.g. the
     * truth records it stores) no longer takes scorer time. Returns the scorer's launcher prefix.
     */
    private static List<String> pin(String spec) throws Exception {
        String[] cpus = spec.split(":");
        if (cpus.length != 2 || !cpus[0].matches("[0-9,-]+") || !cpus[1].matches("[0-9,-]+")) {
            throw new IllegalArgumentException("--pin must be SCORER_CPUS:OTHER_CPUS, e.g. 1:0, got " + spec);
        }
        Process self = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus[1], Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).start();
        String out = new String(self.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (self.waitFor() != 0) {
            throw new IllegalStateException("taskset could not pin this JVM to CPUs " + cpus[1] + ": " + out.strip());
        }
        System.out.printf(Locale.ROOT, "pinned: scorer on CPUs %s, broker and load generator (this JVM) on CPUs %s%n", cpus[0], cpus[1]);
        return List.of("taskset", "-c", cpus[0]);
    }

    /** Nanoseconds of CPU per image: the scorer's process, and this JVM's (broker, load generator, truth producer). */
    private record CpuPerImage(double scorer, double rest) {
        double total() {
            return scorer + rest;
        }
    }

    /** The photos resized (Pillow bilinear, as the scorer would) to 128×128 and re-encoded as JPEG, in memory. */
    private static List<Photo> shrink(List<Photo> photos, int side) throws Exception {
        ImagePreprocessor pre = new ImagePreprocessor(PreprocessingContract.ofImageSize(side), ImageLimits.defaults());
        List<Photo> small = new ArrayList<>(photos.size());
        for (Photo p : photos) {
            RgbImage rgb = pre.toResizedRgb(p.bytes());
            BufferedImage image = new BufferedImage(rgb.width(), rgb.height(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < rgb.height(); y++) {
                for (int x = 0; x < rgb.width(); x++) {
                    image.setRGB(x, y, rgb.sample(x, y, 0) << 16 | rgb.sample(x, y, 1) << 8 | rgb.sample(x, y, 2));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "jpeg", out);
            small.add(new Photo(out.toByteArray(), p.label()));
        }
        return small;
    }

    /** CPU time of this JVM so far: the embedded broker, the load generator and the label reader. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double meanKb(List<Photo> photos) {
        return photos.stream().mapToLong(p -> p.bytes().length).average().orElse(0) / 1e3;
    }

    /** Single-threaded cost of each stage on these photos, in this JVM: decode, resize, scale, forward. */
    private static void stageCosts(List<Photo> photos, ModelArtifact model, ScoringEngine engine) {
        ImagePreprocessor pre = new ImagePreprocessor(model.input().toPreprocessing(), ImageLimits.defaults());
        Classifier classifier = Classifiers.of(model, engine); // the scorer's path
        double[] features = new double[classifier.inputSize()];
        int n = Math.min(400, photos.size());
        for (int round = 0; round < 4; round++) { // rounds 0-2 warm up the JIT
            long decode = 0;
            long resize = 0;
            long all = 0;
            long forward = 0;
            for (int i = 0; i < n; i++) {
                byte[] photo = photos.get(i * 3 % photos.size()).bytes();
                long t0 = System.nanoTime();
                pre.toUprightRgb(photo);
                long t1 = System.nanoTime();
                pre.toResizedRgb(photo);
                long t2 = System.nanoTime();
                pre.writeFeatures(photo, features, 0);
                long t3 = System.nanoTime();
                classifier.probability(features);
                long t4 = System.nanoTime();
                decode += t1 - t0;
                resize += (t2 - t1) - (t1 - t0);
                all += t3 - t2;
                forward += t4 - t3;
            }
            if (round == 3) {
                double d = decode / 1e3 / n;
                double r = Math.max(0, resize / 1e3 / n);
                double scale = Math.max(0, all / 1e3 / n - d - r);
                double f = forward / 1e3 / n;
                System.out.printf(Locale.ROOT, "stage costs, one thread, %d photos: decode %.0f µs, resize %.0f µs, /255 %.0f µs, "
                        + "forward %.0f µs = %.0f µs per image → CPU bound at ~%.0f images/s per core%n", n, d, r, scale, f,
                        d + r + scale + f, 1e6 / (d + r + scale + f));
            }
        }
    }

    private static void whereTimeGoes(String phase, Map<String, Double> before, Map<String, Double> after, Result run, int threads) {
        double n = delta(before, after, "catstream_scoring_stage_seconds_count{stage=\"preprocess\"}");
        double pre = delta(before, after, "catstream_scoring_stage_seconds_sum{stage=\"preprocess\"}") / n * 1e6;
        double fwd = delta(before, after, "catstream_scoring_stage_seconds_sum{stage=\"forward\"}") / n * 1e6;
        double cpu = delta(before, after, "process_cpu_time_ns_total");
        System.out.printf(Locale.ROOT, "%s scorer timers per image: preprocess (decode+resize+/255) %.0f µs, forward %.0f µs; "
                        + "scoring busy %.0f%% of %d stream-thread-seconds; scorer process CPU %.0f µs per image%n", phase, pre, fwd,
                100 * n * (pre + fwd) / 1e6 / (run.seconds() * threads), Math.round(run.seconds() * threads), cpu / 1e3 / n);
    }

    /** Upper bound of the bucket holding quantile q of the end-to-end histogram, over the fixed-rate phase. */
    private static String bucketQuantile(Map<String, Double> before, Map<String, Double> after, double q) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        String prefix = "catstream_end_to_end_seconds_bucket{le=\"";
        after.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                String le = k.substring(prefix.length(), k.indexOf('"', prefix.length()));
                double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.put(bound, v - before.getOrDefault(k, 0.0));
            }
        });
        double total = buckets.lastEntry().getValue();
        for (Map.Entry<Double, Double> e : buckets.entrySet()) {
            if (e.getValue() >= q * total) {
                return String.format(Locale.ROOT, "%.0f ms", e.getKey() * 1000);
            }
        }
        return "?";
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
        return after.getOrDefault(key, Double.NaN) - before.getOrDefault(key, 0.0);
    }

    private static double sum(Map<String, Double> m, String name) {
        return m.entrySet().stream().filter(e -> e.getKey().startsWith(name)).mapToDouble(Map.Entry::getValue).sum();
    }
}
