package io.catstream.ops;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series names and selector labels a PromQL expression (or a Grafana query) reads. Not a parser: string
 * literals, Grafana variables, range brackets and grouping label lists are blanked out, then every remaining
 * identifier that is not a function call, keyword or number is a series name. Recording rules' names (with a
 * colon) come back too; callers tell them apart.
 */
public final class PromQlNames {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?[A-Za-z_][A-Za-z0-9_]*(?::[a-z]+)?\\}?");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,()]*?)\\s*,\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\)");
    private static final Pattern SELECTOR = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)?\\s*\\{([^}]*)\\}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
    // possessive, so "rate(" is skipped whole instead of matching "rat"
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![A-Za-z0-9_:.$])[A-Za-z_:][A-Za-z0-9_:]*+(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "atan2", "inf", "nan", "start", "end");

    private PromQlNames() {
    }

    /** Every series name read by {@code expr}, in order of appearance. */
    public static Set<String> seriesNames(String expr) {
        String text = RANGE.matcher(SELECTOR.matcher(blank(expr)).replaceAll("$1 ")).replaceAll(" ");
        text = GROUPING.matcher(text).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find()) {
            if (!KEYWORDS.contains(m.group().toLowerCase(Locale.ROOT))) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** For each series selected with label matchers ({@code name{a="x", b=~"y"}}), the labels matched on. */
    public static Map<String, Set<String>> selectorLabels(String expr) {
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        Matcher selector = SELECTOR.matcher(blank(expr));
        while (selector.find()) {
            if (selector.group(1) == null) {
                continue;
            }
            Matcher label = MATCHER_LABEL.matcher(selector.group(2));
            while (label.find()) {
                labels.computeIfAbsent(selector.group(1), k -> new LinkedHashSet<>()).add(label.group(1));
            }
        }
        return labels;
    }

    private static String blank(String expr) {
        String text = STRING.matcher(expr).replaceAll("\"\"");
        text = LABEL_VALUES.matcher(text).replaceAll("label_values($1)");
        return GRAFANA_VARIABLE.matcher(text).replaceAll(" 1 ");
    }
}
