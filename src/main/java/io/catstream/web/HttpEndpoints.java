package io.catstream.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The scorer's HTTP side, on the JDK's server: {@code GET /metrics} (Prometheus text), {@code /health},
 * {@code /health/live} and {@code /health/ready} (200 or 503 with the reason, {@link HealthChecks}) and {@code /model} (the active model's facts as JSON, 404 when none); with a status supplier also
 * the live web view: {@code /} (HTML, CSS and JavaScript served from the jar's {@code web/}, no external resources)
 * polling {@code /api/status} ({@link LiveStatus}). Two small threads.
 */
public final class HttpEndpoints implements AutoCloseable {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private HttpEndpoints(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Files of the web view, served from the classpath folder {@code web/}: path → content type. */
    static final Map<String, String> WEB_FILES = Map.of(
            "/index.html", "text/html; charset=utf-8",
            "/app.js", "text/javascript; charset=utf-8",
            "/style.css", "text/css; charset=utf-8");

    /** Serves on {@code port} of every interface; 0 picks a free port ({@link #port()}). No web view. */
    public static HttpEndpoints start(int port, Supplier<String> metrics, Supplier<Health> health, Supplier<byte[]> model) {
        return start(port, metrics, health, model, null);
    }

    /**
     * Serves on {@code port} of every interface; 0 picks a free port ({@link #port()}).
     *
     * @param status the JSON of {@code /api/status}; null serves no web view
     */
    public static HttpEndpoints start(int port, Supplier<String> metrics, Supplier<Health> health, Supplier<byte[]> model,
                                      Supplier<byte[]> status) {
        return start(new InetSocketAddress(port), metrics, HealthChecks.of(health), model, status);
    }

    /**
     * Serves on {@code address} (port 0 picks a free one, {@link #port()}).
     *
     * @param status the JSON of {@code /api/status}; null serves no web view
     */
    public static HttpEndpoints start(InetSocketAddress address, Supplier<String> metrics, HealthChecks health,
                                      Supplier<byte[]> model, Supplier<byte[]> status) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on HTTP " + address + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT,
                metrics.get().getBytes(StandardCharsets.UTF_8)));
        // the longest matching context wins, so /health/live is not answered by /health
        server.createContext("/health", exchange -> respondHealth(exchange, health.health().get()));
        server.createContext("/health/live", exchange -> respondHealth(exchange, health.live().get()));
        server.createContext("/health/ready", exchange -> respondHealth(exchange, health.ready().get()));
        server.createContext("/model", exchange -> {
            byte[] json = model.get();
            if (json == null) {
                respond(exchange, 404, "application/json", "{\"error\":\"no active model\"}\n".getBytes(StandardCharsets.UTF_8));
            } else {
                respond(exchange, 200, "application/json", json);
            }
        });
        if (status != null) {
            server.createContext("/api/status", exchange -> respond(exchange, 200, "application/json", status.get()));
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                String file = path.equals("/") ? "/index.html" : path;
                byte[] body = WEB_FILES.containsKey(file) ? resource(file) : null;
                if (body == null) {
                    respond(exchange, 404, "text/plain; charset=utf-8", ("not found: " + path + "\n").getBytes(StandardCharsets.UTF_8));
                } else {
                    respond(exchange, 200, WEB_FILES.get(file), body);
                }
            });
        }
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "catstream-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new HttpEndpoints(server, executor);
    }

    private static void respondHealth(HttpExchange exchange, Health h) throws IOException {
        respond(exchange, h.httpStatus(), "text/plain; charset=utf-8",
                ((h.healthy() ? "ok: " : "unavailable: ") + h.reason() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] resource(String file) throws IOException {
        try (InputStream in = HttpEndpoints.class.getResourceAsStream("/web" + file)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
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
