package io.catstream.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;

/** Parses {@code 500ms}, {@code 30s}, {@code 1m}, {@code 2h}, {@code 7d} or ISO-8601 {@code PT1M} into a {@link Duration}. */
final class Durations implements ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n); // a retention-sized window (retrain --window 7d)
            };
        }
        try {
            return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration: use e.g. 500ms, 30s, 1m, 2h, 7d or PT1M");
        }
    }
}
