package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of kubectl's JSONPath that printer columns use: fields ({@code .status.phase}), indexes
 * ({@code [0]}), wildcards ({@code [*]}) and equality filters ({@code [?(@.type=="Ready")]}). A path that
 * goes further than that finds nothing, which leaves its cell empty rather than failing the listing.
 */
final class JsonPath {

    private static final Pattern STEP = Pattern.compile(
            "\\.(?<field>[A-Za-z0-9_-]+)"
                    + "|\\[(?<index>\\d+)]"
                    + "|\\[(?<wildcard>\\*)]"
                    + "|\\[\\?\\(@(?<filterPath>(?:\\.[A-Za-z0-9_-]+)+)\\s*(?<op>==|!=)\\s*"
                    + "(?<literal>\"[^\"]*\"|'[^']*'|[^)\\s]+)\\s*\\)]");

    private record Step(String field, Integer index, boolean wildcard, List<String> filterPath, boolean mustEqual,
                        String literal) {
    }

    private final List<Step> steps;

    private JsonPath(List<Step> steps) {
        this.steps = steps;
    }

    /** Parses a column's path, with or without the braces kubectl allows around it; null if beyond this subset. */
    static JsonPath parse(String expression) {
        String path = expression.trim();
        if (path.startsWith("{") && path.endsWith("}")) {
            path = path.substring(1, path.length() - 1).trim();
        }
        List<Step> steps = new ArrayList<>();
        Matcher matcher = STEP.matcher(path);
        int at = 0;
        while (at < path.length()) {
            matcher.region(at, path.length());
            if (!matcher.lookingAt()) {
                return null;
            }
            steps.add(step(matcher));
            at = matcher.end();
        }
        return new JsonPath(steps);
    }

    private static Step step(Matcher m) {
        if (m.group("field") != null) {
            return new Step(m.group("field"), null, false, null, false, null);
        }
        if (m.group("index") != null) {
            return new Step(null, Integer.valueOf(m.group("index")), false, null, false, null);
        }
        if (m.group("wildcard") != null) {
            return new Step(null, null, true, null, false, null);
        }
        String literal = m.group("literal");
        if (literal.startsWith("\"") || literal.startsWith("'")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        return new Step(null, null, false, List.of(m.group("filterPath").substring(1).split("\\.")),
                "==".equals(m.group("op")), literal);
    }

    /** The first value the path reaches in {@code document}, or null when it reaches none. */
    JsonNode first(JsonNode document) {
        List<JsonNode> reached = List.of(document);
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            reached.forEach(node -> follow(step, node, next));
            reached = next;
        }
        return reached.stream().filter(node -> !node.isMissingNode() && !node.isNull()).findFirst().orElse(null);
    }

    private static void follow(Step step, JsonNode node, List<JsonNode> next) {
        if (step.field() != null) {
            next.add(node.path(step.field()));
        } else if (step.index() != null) {
            next.add(node.path(step.index()));
        } else if (step.wildcard()) {
            node.elements().forEachRemaining(next::add);
        } else {
            node.elements().forEachRemaining(element -> {
                if (passes(step, element)) {
                    next.add(element);
                }
            });
        }
    }

    private static boolean passes(Step filter, JsonNode element) {
        JsonNode value = element;
        for (String field : filter.filterPath()) {
            value = value.path(field);
        }
        boolean equal = value.isValueNode() && value.asText().equals(filter.literal());
        return filter.mustEqual() == equal;
    }
}
