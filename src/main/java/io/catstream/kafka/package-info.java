/**
 * Kafka as catstream uses it, apart from what flows through it: the topics and ACLs of {@code topics/*.yaml}, how
 * clients reach a cluster, the record size limits, and a real in-process broker.
 *
 * <p>Entry classes: {@link io.catstream.kafka.KafkaSettings} (bootstrap servers and client properties),
 * {@link io.catstream.kafka.Topics} and {@link io.catstream.kafka.TopicNames} (logical names and their cluster
 * names), {@link io.catstream.kafka.TopicCatalog} with {@link io.catstream.kafka.TopicReconciler} and
 * {@link io.catstream.kafka.AclCatalog} with {@link io.catstream.kafka.AclReconciler} ({@code catstream topics}),
 * {@link io.catstream.kafka.RecordLimits} (the largest records, read from {@code topics.yaml}) and
 * {@link io.catstream.kafka.EmbeddedKafkaBroker} (a KRaft broker in this JVM for {@code catstream broker}, the demo
 * and the integration tests).
 *
 * <p>Depends on no other catstream package.
 */
package io.catstream.kafka;
