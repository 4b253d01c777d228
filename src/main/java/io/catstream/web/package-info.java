/**
 * What a running scorer shows people and monitors: {@code /metrics}, {@code /health}, {@code /model}, the live web
 * view and its {@code /api/status} JSON, on the JDK's HTTP server; kept beside the scorer and off its hot path.
 *
 * <p>Entry classes: {@link io.catstream.web.HttpEndpoints} (the server), {@link io.catstream.web.LiveView} (the
 * view's timeline, "about" lines and JSON), {@link io.catstream.web.RecentScores} (the last scored images, fed as a
 * {@link io.catstream.stream.ScoreListener}), {@link io.catstream.web.StatusTimeline},
 * {@link io.catstream.web.LiveStatus}, {@link io.catstream.web.Health} and {@link io.catstream.web.Thumbnail}.
 *
 * <p>May depend on {@code stream}, {@code registry}, {@code model}, {@code nn}, {@code nn.layered}, {@code image}
 * and {@code metrics}; nothing in {@code stream} may depend on it.
 */
package io.catstream.web;
