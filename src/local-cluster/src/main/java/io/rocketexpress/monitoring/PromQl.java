package io.rocketexpress.monitoring;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. Not a parser: it removes what cannot be a metric name (Helm and
 * Grafana placeholders, strings, label matchers, grouping and matching clauses, ranges) and keeps the identifiers
 * left that are neither called like functions nor PromQL keywords.
 */
public final class PromQl {

    private static final Pattern HELM_ACTION = Pattern.compile("\\{\\{.*?}}");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    // Grafana's label_values(metric, label): the label is no metric.
    private static final Pattern LABEL_VALUES = Pattern.compile("\\blabel_values\\s*\\(\\s*([^,)]*?)\\s*,[^)]*\\)");
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?\\w+}?");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][\\w:]*+)(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2", "start", "end");

    private PromQl() {
    }

    /** The metric names the expression reads, in order of name. */
    public static Set<String> metricNames(String expression) {
        String left = HELM_ACTION.matcher(expression).replaceAll(" ");
        left = STRING.matcher(left).replaceAll(" ");
        left = MATCHERS.matcher(left).replaceAll(" ");
        left = LABEL_VALUES.matcher(left).replaceAll("$1");
        left = LABEL_LIST.matcher(left).replaceAll(" ");
        left = RANGE.matcher(left).replaceAll(" ");
        left = VARIABLE.matcher(left).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(left);
        while (identifier.find()) {
            String name = identifier.group(1);
            if (!KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }
}
