package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request's {@code labelSelector} and {@code fieldSelector}, read and applied as the API server does for
 * list and watch. Labels take the whole selector syntax ({@code a=b}, {@code a==b}, {@code a!=b},
 * {@code a in (b,c)}, {@code a notin (b)}, {@code a}, {@code !a}); fields are the two every resource supports,
 * {@code metadata.name} and {@code metadata.namespace}, with {@code =}, {@code ==} and {@code !=}.
 */
final class Selector {

    /** A selector the API server would refuse, with its message. */
    static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    private static final Pattern SET_REQUIREMENT = Pattern.compile("^([^\\s!=]+)\\s+(in|notin)\\s+\\(([^)]*)\\)$");
    private static final Pattern EQUALITY = Pattern.compile("^([^\\s!=]+)\\s*(==|=|!=)\\s*([^\\s,]*)$");
    private static final Pattern EXISTS = Pattern.compile("^(!?)\\s*([^\\s!=()]+)$");
    private static final Set<String> FIELDS = Set.of("metadata.name", "metadata.namespace");

    static final Selector EVERYTHING = new Selector(List.of());

    private final List<Predicate<JsonNode>> requirements;

    private Selector(List<Predicate<JsonNode>> requirements) {
        this.requirements = requirements;
    }

    /** Both selectors of a request, either of them absent or empty. */
    static Selector of(String labelSelector, String fieldSelector) {
        List<Predicate<JsonNode>> requirements = new ArrayList<>();
        for (String term : terms(labelSelector)) {
            requirements.add(label(term));
        }
        for (String term : terms(fieldSelector)) {
            requirements.add(field(term));
        }
        return new Selector(List.copyOf(requirements));
    }

    boolean matches(JsonNode object) {
        return requirements.stream().allMatch(requirement -> requirement.test(object));
    }

    boolean selectsAll() {
        return requirements.isEmpty();
    }

    private static Predicate<JsonNode> label(String term) {
        Matcher set = SET_REQUIREMENT.matcher(term);
        if (set.matches()) {
            String key = set.group(1);
            List<String> values = Arrays.stream(set.group(3).split(",")).map(String::trim).toList();
            boolean in = "in".equals(set.group(2));
            return object -> {
                JsonNode value = labels(object).get(key);
                return in ? value != null && values.contains(value.asText())
                        : value == null || !values.contains(value.asText());
            };
        }
        Matcher equality = EQUALITY.matcher(term);
        if (equality.matches()) {
            String key = equality.group(1);
            String wanted = equality.group(3);
            boolean equal = !"!=".equals(equality.group(2));
            return object -> {
                JsonNode value = labels(object).get(key);
                boolean same = value != null && value.asText().equals(wanted);
                return equal == same;
            };
        }
        Matcher exists = EXISTS.matcher(term);
        if (exists.matches()) {
            String key = exists.group(2);
            boolean present = exists.group(1).isEmpty();
            return object -> labels(object).has(key) == present;
        }
        throw new Invalid("unable to parse requirement: " + term);
    }

    private static Predicate<JsonNode> field(String term) {
        Matcher equality = EQUALITY.matcher(term);
        if (!equality.matches()) {
            throw new Invalid("invalid selector: '" + term + "'; can't understand '" + term + "'");
        }
        String field = equality.group(1);
        if (!FIELDS.contains(field)) {
            throw new Invalid("field label not supported: " + field);
        }
        String wanted = equality.group(3);
        boolean equal = !"!=".equals(equality.group(2));
        String property = field.substring("metadata.".length());
        return object -> equal == object.path("metadata").path(property).asText().equals(wanted);
    }

    private static JsonNode labels(JsonNode object) {
        return object.path("metadata").path("labels");
    }

    /** The comma-separated terms of a selector, commas inside a set's parentheses kept. */
    private static List<String> terms(String selector) {
        List<String> terms = new ArrayList<>();
        if (selector == null || selector.isBlank()) {
            return terms;
        }
        int depth = 0;
        StringBuilder term = new StringBuilder();
        for (char c : selector.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                terms.add(term.toString().trim());
                term.setLength(0);
            } else {
                term.append(c);
            }
        }
        terms.add(term.toString().trim());
        return terms.stream().filter(t -> !t.isEmpty()).toList();
    }
}
