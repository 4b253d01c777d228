# The catstream image: one runnable jar for every command (topics, keys, train, publish, models, serve, send).
# Built with Maven inside, so `docker build .` needs nothing on the host but the sources. Used by
# docker-compose.yml as catstream:local. Not built on the project machine (no Docker engine there): see
# docs/operations.md, "What was run here and what was not".

# --- build: the shaded jar, tests compiled but not run (CI runs them: make test) ---
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, in their own layer, so a source change does not download them again. A warm-up only:
# go-offline misses annotation-processor paths, which the package step below fetches (and fails on if it must).
COPY pom.xml .
RUN mvn -q -B dependency:go-offline || true
COPY topics topics
COPY src src
RUN mvn -q -B package -DskipTests

# --- runtime: JRE only, non-root ---
FROM eclipse-temurin:17-jre
# The entrypoint adds jdk.incubator.vector; fail the build here, loudly, if this JRE does not ship it
# (never checked on the project machine: no Docker engine there).
RUN java --list-modules | grep -q '^jdk.incubator.vector@' \
 || { echo "this JRE lacks jdk.incubator.vector: use eclipse-temurin:17-jdk as the runtime base" >&2; exit 1; }
# curl: the compose healthcheck and `docker-compose exec catstream curl -s localhost:8080/health`
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin catstream \
 && mkdir -p /app /keys /models /var/lib/catstream \
 && chown catstream:catstream /keys /models /var/lib/catstream
COPY --from=build /src/target/catstream.jar /app/catstream.jar
# catstream COMMAND ... inside the image: the same launcher as bin/catstream outside it (JVM flags, and for serve the
# AppCDS archive, kept in $CATSTREAM_STATE_DIR with the state: written by the first serve of this image, used by every restart)
COPY bin/catstream /usr/local/bin/catstream
ENV CATSTREAM_JAR=/app/catstream.jar
USER catstream
WORKDIR /app
# serve's Kafka Streams state (process id, stores) lives here across restarts: mount a volume on it
# (deploy/kubernetes: the StatefulSet's volumeClaimTemplate; docs/deployment.md)
ENV CATSTREAM_STATE_DIR=/var/lib/catstream
# catstream serve: /metrics, /health, /model
EXPOSE 8080
# the launcher adds --add-modules jdk.incubator.vector (the fast kernels; JDK 17 prints one "incubator" warning) and
# execs java, which keeps PID 1 and gets SIGTERM itself
ENTRYPOINT ["catstream"]
CMD ["--help"]
