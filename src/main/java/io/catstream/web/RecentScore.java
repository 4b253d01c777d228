package io.catstream.web;

import io.catstream.stream.Label;

/** One recently scored image: its label record and its thumbnail. */
public record RecentScore(Label label, Thumbnail thumbnail) {
}
