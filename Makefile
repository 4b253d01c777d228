# One entry point for humans and CI. `make help` lists the targets.
MVN ?= mvn -B
DATA ?= ../shared/data

.PHONY: help build test-tools test unit it bench bench-gemm bench-cnn bench-onnx bench-preprocessing bench-streaming bench-streaming-cnn bench-scorer-memory demo demo-trainer broker monitoring-check clean fuzz soak

help:
	@echo "make build       compile and package target/catstream.jar (no tests)"
	@echo "make test        all tests: unit (surefire) + integration (failsafe)   <- what CI runs"
	@echo "                 installs the Debian test tools first (bin/install-test-tools; TEST_TOOLS=skip to skip), lists skipped tests at the end"
	@echo "make unit        unit tests only"
	@echo "make it          integration tests only"
	@echo "make bench       trainer vs NumPy on the article data (several minutes)"
	@echo "make bench-gemm  JMH: the trainer's GEMM kernels vs EJML"
	@echo "make bench-cnn   JMH: the 64x64 CNN on LayeredNetwork, training examples/s and scoring images/s vs one thread and direct loops"
	@echo "make bench-onnx  JMH: the recommended CNN scoring one image on one thread, catstream's engine vs ONNX Runtime"
	@echo "make bench-preprocessing  JMH: the scorer's per-image stages on real photos, new vs old implementation"
	@echo "make bench-streaming  the scorer through a real broker: images/s, latency p50/p95/p99, heap (docs/streaming.md)"
	@echo "make bench-streaming-cnn  the recommended CNN through a real broker, exactly-once: images/s and p99 at 200/s vs issue #15's goal (CNN_MODEL=FILE for a trained one)"
	@echo "make bench-scorer-memory  heap after GC, RSS and native memory of serve with the recommended CNN, ONNX Runtime vs catstream's engine"
	@echo "make demo        the main job: the streaming demo (broker, scorer, live swap v1 -> v2, web view on :8080), ~2 min"
	@echo "make demo-trainer  the trainer alone: train on $(DATA)/article, evaluate on the holdout, predict"
	@echo "make broker      a local Kafka broker on 127.0.0.1:9092 (data in kafka-data/) with the catstream topics"
	@echo "make fuzz        Jazzer on the image preprocessor and the model record parser, FUZZ_TIME each (default 5m)"
	@echo "make soak        the scorer at a steady rate for SOAK_MINUTES (default 10): throughput, latency, heap at start and end"
	@echo "make monitoring-check  promtool (config, rules, rule tests) and docker-compose config on monitoring/ and docker-compose.yml"

build:
	$(MVN) -q package -DskipTests

# The test commands set themselves up: bin/install-test-tools installs the Debian packages the tests need (as root with
# apt-get) or stops with the command to run; TEST_TOOLS=skip runs without them (those tests skip). Old reports are
# removed so that bin/skipped-tests lists this run only; it runs even when tests fail, and Maven's exit code is kept.
TEST_TOOLS ?= install
REPORTS = target/surefire-reports target/failsafe-reports

test-tools:
	@if [ "$(TEST_TOOLS)" = skip ]; then echo "TEST_TOOLS=skip: not installing test tools; tests that need a missing one skip"; else bin/install-test-tools; fi

test: test-tools
	rm -rf $(REPORTS)
	$(MVN) verify; status=$$?; bin/skipped-tests; exit $$status

unit: test-tools
	rm -rf $(REPORTS)
	$(MVN) test; status=$$?; bin/skipped-tests; exit $$status

it: test-tools
	rm -rf $(REPORTS)
	$(MVN) verify -DskipUnitTests=true; status=$$?; bin/skipped-tests; exit $$status

bench: build
	bench/trainer-vs-numpy.sh

bench-streaming:
	bench/streaming.sh

# Issue #15's goal: the recommended CNN through the real broker on the 2 cores, >= 800 images/s at max rate and
# p99 <= 100 ms at 200 images/s, exactly-once. random-cnn is its shape with random weights (speed only: training
# it takes ~6 min on a quiet machine); CNN_MODEL=cnn.model (train --recipe cnn) scores a trained one.
CNN_MODEL ?= random-cnn
CNN_BENCH_ARGS ?=
bench-streaming-cnn:
	bench/streaming.sh --model $(CNN_MODEL) --phases ab --images 30000 $(CNN_BENCH_ARGS)

bench-scorer-memory:
	bench/scorer-memory.sh --model $(CNN_MODEL)

bench-gemm:
	bench/jmh.sh GemmBenchmark

bench-cnn:
	bench/jmh.sh CnnBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s

bench-onnx:
	bench/jmh.sh OnnxBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s

bench-preprocessing:
	bench/jmh.sh PreprocessingBenchmark -f 1 -wi 3 -i 5 -w 1s -r 1s

demo: build
	DATA=$(DATA) bin/demo.sh $(DEMO_ARGS)

demo-trainer: build
	DATA=$(DATA) bin/demo-trainer.sh

broker: build
	bin/catstream broker --port 9092 --data-dir kafka-data --create-topics

# The operator files without Maven (docs/operations.md); make test runs the same checks as JUnit tests.
monitoring-check:
	promtool check config monitoring/prometheus.yml
	promtool check rules monitoring/rules/*.yml
	promtool test rules monitoring/tests/*.yml
	docker-compose -f docker-compose.yml config -q
	@echo "monitoring-check: ok"

clean:
	$(MVN) -q clean

# Real fuzzing, one @FuzzTest at a time (docs/resilience.md); FUZZ_TIME per test, e.g. make fuzz FUZZ_TIME=10m
FUZZ_TIME ?= 5m
fuzz:
	JAZZER_FUZZ=1 $(MVN) test -Dtest='ImagePreprocessorFuzzTest#shouldOnlyEverRejectBadBytesWithAReason' -Djazzer.max_duration=$(FUZZ_TIME) '-Djazzer.instrument=io.catstream.**,com.twelvemonkeys.**'
	JAZZER_FUZZ=1 $(MVN) test -Dtest='ModelRecordFuzzTest#shouldDecodeAModelFileOrRefuseItWithAReason' -Djazzer.max_duration=$(FUZZ_TIME)
	JAZZER_FUZZ=1 $(MVN) test -Dtest='ModelRecordFuzzTest#shouldTurnAnyRecordIntoAnAcceptanceOrARefusalWithoutThrowing' -Djazzer.max_duration=$(FUZZ_TIME)

# The scorer at a steady rate for a bounded time: throughput, latency percentiles, heap at start and end
SOAK_MINUTES ?= 10
SOAK_RATE ?= 200
soak:
	bench/soak.sh --minutes $(SOAK_MINUTES) --rate $(SOAK_RATE)
