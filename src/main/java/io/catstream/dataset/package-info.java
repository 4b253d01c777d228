/**
 * Training sets read from Kafka, with their lineage: the images of a range of {@code images} that have truth (the
 * {@code label} header or {@code image-truth}, decided by the truth join's rules), in canonical order (by image id),
 * hashed over ids, truths and original bytes, and written back out as a folder. The images' bytes are spilled to a
 * temporary file as they are read ({@code ImageSpill}, {@link io.catstream.dataset.SpilledImages}),
 * so a data set of any size keeps only an index in memory. A package of its own rather than part
 * of {@code train}, because it reads Kafka and the stream's record formats, which the trainer must not know.
 *
 * <p>Entry classes: {@link io.catstream.dataset.KafkaDataset} (read a range, or re-read a lineage),
 * {@link io.catstream.dataset.DatasetRange} (offsets or times), {@link io.catstream.dataset.TruthRules},
 * {@link io.catstream.dataset.DatasetHash} and {@link io.catstream.dataset.DatasetFolder} (export), and
 * {@link io.catstream.dataset.ChampionPredictions} (what a model version said about given images, for the backtest).
 *
 * <p>May depend on {@code kafka}, {@code model}, {@code stream} (the {@code Truth} and {@code label} header formats),
 * {@code train} (the loader, so decoding is the folder path's) and, through it, {@code image}.
 */
package io.catstream.dataset;
