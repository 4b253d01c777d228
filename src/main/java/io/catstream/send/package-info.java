/**
 * {@code catstream send}: image files to the {@code images} topic in the documented format (key = image id, value =
 * the file's bytes unchanged, header {@code label} when the truth is known), paced to a rate.
 *
 * <p>Entry classes: {@link io.catstream.send.ImageSender} (the producer) and {@link io.catstream.send.ImageSource}
 * (one file, its id and its truth).
 *
 * <p>May depend on {@code kafka}, {@code stream} (the label header) and {@code train} (the article's folder layout).
 */
package io.catstream.send;
