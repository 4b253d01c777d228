package io.catstream.stream;

/** One recently scored image: its label record and its thumbnail. */
public record RecentScore(Label label, Thumbnail thumbnail) {
}
