/**
 * The champion/challenger promotion gate's statistics, apart from Kafka: {@link io.catstream.gate.PromotionGate}
 * (a sequential likelihood ratio test on the images where exactly one of the two models is right, McNemar's design,
 * with a false promotion rate guaranteed by Ville's inequality), {@link io.catstream.gate.RollbackWatch} (the same
 * test family on a new champion's accuracy against its predecessor's), and {@link io.catstream.gate.GateSimulation}
 * (many simulated trials: the figures of docs/gate.md and {@code catstream gate simulate}), and
 * {@link io.catstream.gate.ExactMcNemar} (the exact one-sided test on a fixed table: the backtest's).
 *
 * <p>Pure functions of counts: no I/O, no clocks, no Kafka. Depends on no other catstream package.
 */
package io.catstream.gate;
