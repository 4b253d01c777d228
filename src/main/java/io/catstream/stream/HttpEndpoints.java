package io.catstream.stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The scorer's HTTP side, on the JDK's server: {@code GET /metrics} (Prometheus text), {@code /health} (200 or 503
 * with the reason) and {@code /model} (the active model's facts as JSON, 404 when none). One small thread.
 */
public final class HttpEndpoints implements AutoCloseable {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private HttpEndpoints(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Serves on {@code port} of every interface; 0 picks a free port ({@link #port()}). */
    public static HttpEndpoints start(int port, Supplier<String> metrics, Supplier<Health> health, Supplier<byte[]> model) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on HTTP port " + port + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT,
                metrics.get().getBytes(StandardCharsets.UTF_8)));
        server.createContext("/health", exchange -> {
            Health h = health.get();
            respond(exchange, h.httpStatus(), "text/plain; charset=utf-8",
                    ((h.healthy() ? "ok: " : "unavailable: ") + h.reason() + "\n").getBytes(StandardCharsets.UTF_8));
        });
        server.createContext("/model", exchange -> {
            byte[] json = model.get();
            if (json == null) {
                respond(exchange, 404, "application/json", "{\"error\":\"no active model\"}\n".getBytes(StandardCharsets.UTF_8));
            } else {
                respond(exchange, 200, "application/json", json);
            }
        });
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "catstream-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new HttpEndpoints(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", contentType);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
