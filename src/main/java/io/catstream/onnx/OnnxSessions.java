package io.catstream.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one ONNX Runtime environment of the process and the session options every catstream session uses
 * (docs/onnx.md, "Session options"):
 * <ul>
 *   <li>intra-op threads 1, inter-op threads 1, sequential execution: a Kafka Streams thread scores one image at a
 *       time and is itself the unit of parallelism (one session is shared by all stream threads and ONNX Runtime
 *       runs concurrent {@code run} calls on their callers' threads), so an ORT thread pool per session would only
 *       compete with the other stream threads and the broker for the same cores;</li>
 *   <li>CPU memory arena and memory patterns on (ONNX Runtime's defaults): the input shape never changes, so after
 *       the first image per thread the arena holds a fixed set of blocks and no allocation happens per image;</li>
 *   <li>all graph optimisations (constant folding, Conv+Relu fusion, ...), applied once when the session opens;</li>
 *   <li>ONNX Runtime's own log at ERROR only: catstream logs what it refuses, with the reason.</li>
 * </ul>
 */
public final class OnnxSessions {

    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment(
            OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "catstream");

    /** Sessions opened and not yet closed in this process: what a swap must give back (native memory). */
    private static final AtomicInteger OPEN = new AtomicInteger();

    private OnnxSessions() {
    }

    /** Sessions open now (opened by {@link #open}, not yet closed by {@link #close}). */
    public static int openSessions() {
        return OPEN.get();
    }

    public static OrtEnvironment environment() {
        return ENVIRONMENT;
    }

    /** A session on {@code bytes} with the options above; the caller closes it. */
    public static OrtSession open(byte[] bytes) throws OrtException {
        try (OrtSession.SessionOptions options = options()) {
            // The session copies what it needs from the options when it is created.
            OrtSession session = ENVIRONMENT.createSession(bytes, options);
            OPEN.incrementAndGet();
            return session;
        }
    }

    /** Closes a session {@link #open} gave, once (its owner guarantees that). */
    static void close(OrtSession session) throws OrtException {
        try {
            session.close();
        } finally {
            OPEN.decrementAndGet();
        }
    }

    static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setCPUArenaAllocator(true);
        options.setMemoryPatternOptimization(true);
        options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        return options;
    }
}
