# One entry point for humans and CI. `make help` lists the targets.
MVN ?= mvn -B
DATA ?= ../shared/data

.PHONY: help build test unit it bench bench-gemm bench-preprocessing bench-streaming demo demo-trainer broker monitoring-check clean

help:
	@echo "make build       compile and package target/catstream.jar (no tests)"
	@echo "make test        all tests: unit (surefire) + integration (failsafe)   <- what CI runs"
	@echo "make unit        unit tests only"
	@echo "make it          integration tests only"
	@echo "make bench       trainer vs NumPy on the article data (several minutes)"
	@echo "make bench-gemm  JMH: the trainer's GEMM kernels vs EJML"
	@echo "make bench-preprocessing  JMH: the scorer's per-image stages on real photos, new vs old implementation"
	@echo "make bench-streaming  the scorer through a real broker: images/s, latency p50/p95/p99, heap (docs/streaming.md)"
	@echo "make demo        the main job: the streaming demo (broker, scorer, live swap v1 -> v2, web view on :8080), ~2 min"
	@echo "make demo-trainer  the trainer alone: train on $(DATA)/article, evaluate on the holdout, predict"
	@echo "make broker      a local Kafka broker on 127.0.0.1:9092 (data in kafka-data/) with the catstream topics"
	@echo "make monitoring-check  promtool (config, rules, rule tests) and docker-compose config on monitoring/ and docker-compose.yml"

build:
	$(MVN) -q package -DskipTests

test:
	$(MVN) verify

unit:
	$(MVN) test

it:
	$(MVN) verify -DskipUnitTests=true

bench: build
	bench/trainer-vs-numpy.sh

bench-streaming:
	bench/streaming.sh

bench-gemm:
	bench/jmh.sh GemmBenchmark

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
