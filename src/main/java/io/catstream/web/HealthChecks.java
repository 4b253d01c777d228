package io.catstream.web;

import java.util.function.Supplier;

/**
 * The three questions the HTTP side answers about the scorer, each 200 or 503 with a reason:
 *
 * @param health {@code /health}: streams RUNNING and a model active (its meaning since the first release)
 * @param live   {@code /health/live}: the process works; false only when restarting it could help (a liveness probe)
 * @param ready  {@code /health/ready}: it scores now: streams RUNNING, a model active and no store restoring (a
 *               readiness probe)
 */
public record HealthChecks(Supplier<Health> health, Supplier<Health> live, Supplier<Health> ready) {

    /** One check for all three: live and ready whenever healthy (for callers with nothing finer to say). */
    public static HealthChecks of(Supplier<Health> health) {
        return new HealthChecks(health, health, health);
    }
}
