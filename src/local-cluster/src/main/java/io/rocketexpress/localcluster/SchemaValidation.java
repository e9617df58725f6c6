package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An object checked against its OpenAPI schema as the API server checks a custom resource: fields the schema
 * does not know of (which {@code fieldValidation=Strict} refuses), and values of the wrong type, missing
 * required fields, values outside an enum, strings that miss a pattern or a length, numbers out of bounds,
 * and the CEL rules of {@code x-kubernetes-validations} (which are refused whatever the request asks).
 */
final class SchemaValidation {

    /** A field that fails its schema, as the API server reports it: a StatusCause. */
    record Problem(String field, String reason, String message) {
    }

    /** Whether cel-java is on the classpath: the local cluster's dependency on it is optional. */
    static final boolean CEL_PRESENT = present("dev.cel.runtime.CelRuntimeFactory");

    private final OpenApiDocuments.SchemaSet schemas;
    private final List<String> unknownFields = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();

    private SchemaValidation(OpenApiDocuments.SchemaSet schemas) {
        this.schemas = schemas;
    }

    /** Checks {@code object}, and {@code old} for transition rules when it is an update. */
    static SchemaValidation of(JsonNode object, JsonNode old, OpenApiDocuments.SchemaSet schemas) {
        SchemaValidation validation = new SchemaValidation(schemas);
        validation.check(object, old, schemas.rootSchema(), "", true);
        return validation;
    }

    /** Paths of the fields no schema knows, such as {@code spec.windw}. */
    List<String> unknownFields() {
        return unknownFields;
    }

    List<Problem> problems() {
        return problems;
    }

    private void check(JsonNode value, JsonNode old, JsonNode declared, String path, boolean root) {
        JsonNode schema = schemas.resolve(declared);
        if (value == null || value.isMissingNode()) {
            return;
        }
        if (value.isNull()) {
            return; // the API server drops a null it is not told to keep, rather than refuse it
        }
        if (!hasType(value, schema)) {
            String type = schema.path("type").asText();
            problems.add(new Problem(path, "FieldValueTypeInvalid", "Invalid value: \"" + typeOf(value) + "\": " + path
                    + " in body must be of type " + type + ": \"" + typeOf(value) + "\""));
            return;
        }
        checkValue(value, schema, path);
        if (value.isObject()) {
            checkObject(value, old, schema, path, root);
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), null, schema.get("items"), path + "[" + i + "]", false);
            }
        }
        for (JsonNode rule : schema.path("x-kubernetes-validations")) {
            checkRule(rule, value, old, path);
        }
    }

    private void checkObject(JsonNode value, JsonNode old, JsonNode schema, String path, boolean root) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText()) || value.get(required.asText()).isNull()) {
                problems.add(new Problem(join(path, required.asText()), "FieldValueRequired", "Required value"));
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        boolean preserves = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        Set<String> embedded = schema.path("x-kubernetes-embedded-resource").asBoolean(false) || root
                ? Set.of("apiVersion", "kind", "metadata") : Set.of();
        var fields = value.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            String name = field.getKey();
            String fieldPath = join(path, name);
            JsonNode oldField = old == null ? null : old.get(name);
            if (properties.has(name)) {
                check(field.getValue(), oldField, properties.get(name), fieldPath, false);
            } else if (additional != null && additional.isObject()) {
                check(field.getValue(), oldField, additional, fieldPath, false);
            } else if (!preserves && !(additional != null && additional.asBoolean(false)) && !embedded.contains(name)) {
                unknownFields.add(fieldPath);
            }
        }
    }

    private void checkValue(JsonNode value, JsonNode schema, String path) {
        JsonNode allowed = schema.get("enum");
        if (allowed != null && allowed.isArray() && allowed.size() > 0) {
            boolean listed = false;
            for (JsonNode candidate : allowed) {
                listed |= candidate.equals(value);
            }
            if (!listed) {
                List<String> values = new ArrayList<>();
                allowed.forEach(candidate -> values.add(candidate.toString()));
                String supported = String.join(", ", values);
                problems.add(new Problem(path, "FieldValueNotSupported",
                        "Unsupported value: " + value + ": supported values: " + supported));
            }
        }
        if (value.isTextual()) {
            String text = value.asText();
            if (schema.has("pattern") && !matches(schema.get("pattern").asText(), text)) {
                problems.add(new Problem(path, "FieldValueInvalid", "Invalid value: \"" + text + "\": " + path
                        + " in body should match '" + schema.get("pattern").asText() + "'"));
            }
            if (schema.has("maxLength") && text.codePointCount(0, text.length()) > schema.get("maxLength").asLong()) {
                problems.add(new Problem(path, "FieldValueTooLong", "Too long: may not be longer than " + schema.get("maxLength").asLong()));
            }
            if (schema.has("minLength") && text.codePointCount(0, text.length()) < schema.get("minLength").asLong()) {
                problems.add(new Problem(path, "FieldValueInvalid", "Invalid value: \"" + text + "\": " + path
                        + " in body should be at least " + schema.get("minLength").asLong() + " chars long"));
            }
        }
        if (value.isNumber()) {
            double number = value.asDouble();
            if (schema.has("minimum")) {
                double minimum = schema.get("minimum").asDouble();
                boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
                if (exclusive ? number <= minimum : number < minimum) {
                    problems.add(new Problem(path, "FieldValueInvalid", "Invalid value: " + value + ": " + path
                            + " in body should be greater than " + (exclusive ? "" : "or equal to ") + schema.get("minimum").asText()));
                }
            }
            if (schema.has("maximum")) {
                double maximum = schema.get("maximum").asDouble();
                boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
                if (exclusive ? number >= maximum : number > maximum) {
                    problems.add(new Problem(path, "FieldValueInvalid", "Invalid value: " + value + ": " + path
                            + " in body should be less than " + (exclusive ? "" : "or equal to ") + schema.get("maximum").asText()));
                }
            }
        }
        if (value.isArray()) {
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asLong()) {
                problems.add(new Problem(path, "FieldValueTooMany", "Too many: " + value.size() + ": must have at most "
                        + schema.get("maxItems").asLong() + " items"));
            }
            if (schema.has("minItems") && value.size() < schema.get("minItems").asLong()) {
                problems.add(new Problem(path, "FieldValueInvalid", "Invalid value: " + value.size() + ": " + path
                        + " in body should have at least " + schema.get("minItems").asLong() + " items"));
            }
        }
    }

    private void checkRule(JsonNode rule, JsonNode value, JsonNode old, String path) {
        String expression = rule.path("rule").asText();
        if (!CEL_PRESENT || expression.isEmpty() || (CelRules.isTransitionRule(expression) && old == null)) {
            return;
        }
        if (CelRules.admits(expression, value, old)) {
            return;
        }
        String message = rule.hasNonNull("message") ? rule.get("message").asText() : "failed rule: " + expression;
        String field = rule.hasNonNull("fieldPath") ? path + rule.get("fieldPath").asText() : path;
        String reason = rule.hasNonNull("reason") ? rule.get("reason").asText() : "FieldValueInvalid";
        String prefix = switch (reason) {
            case "FieldValueForbidden" -> "Forbidden: ";
            case "FieldValueRequired" -> "Required value: ";
            case "FieldValueDuplicate" -> "Duplicate value: ";
            default -> "Invalid value: \"" + typeOf(value) + "\": ";
        };
        problems.add(new Problem(field, reason, prefix + message));
    }

    private static boolean hasType(JsonNode value, JsonNode schema) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            return value.isIntegralNumber() || value.isTextual();
        }
        return switch (schema.path("type").asText("")) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static String typeOf(JsonNode value) {
        if (value.isObject()) {
            return "object";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return value.isNull() ? "null" : "string";
    }

    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    /** A JSON Schema pattern is a search, not a whole-string match; one Java cannot read is not enforced. */
    private static boolean matches(String pattern, String text) {
        try {
            return PATTERNS.computeIfAbsent(pattern, Pattern::compile).matcher(text).find();
        } catch (PatternSyntaxException e) {
            return true;
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, SchemaValidation.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
