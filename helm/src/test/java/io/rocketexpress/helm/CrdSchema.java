package io.rocketexpress.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the API server checks of a custom resource against its CRD's openAPIV3Schema before storing it: types,
 * required fields, unknown fields (kubectl's strict field validation), patterns, enums, bounds, and the CEL rules
 * of x-kubernetes-validations evaluated on the defaulted object. Enough of it to try manifests without a cluster.
 */
final class CrdSchema {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JSONSchemaProps root;

    CrdSchema(CustomResourceDefinition crd) {
        this.root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    }

    /** The reasons the API server would refuse the object's spec; empty when it would store it. */
    List<String> violations(Map<String, Object> spec) {
        List<String> violations = new ArrayList<>();
        check(root.getProperties().get("spec"), spec, "spec", violations);
        return violations;
    }

    private Object check(JSONSchemaProps schema, Object value, String path, List<String> violations) {
        switch (schema.getType()) {
            case "object" -> {
                if (!(value instanceof Map<?, ?> map)) {
                    violations.add(path + ": must be an object");
                    return value;
                }
                Map<String, Object> object = new LinkedHashMap<>();
                map.forEach((key, field) -> object.put((String) key, field));
                Map<String, JSONSchemaProps> properties = schema.getProperties() == null ? Map.of() : schema.getProperties();
                properties.forEach((name, property) -> {
                    if (!object.containsKey(name) && property.getDefault() != null) {
                        object.put(name, JSON.convertValue(property.getDefault(), Object.class));
                    }
                });
                if (schema.getRequired() != null) {
                    schema.getRequired().stream().filter(name -> !object.containsKey(name))
                            .forEach(name -> violations.add(path + "." + name + ": Required value"));
                }
                for (Map.Entry<String, Object> field : object.entrySet()) {
                    JSONSchemaProps property = properties.get(field.getKey());
                    if (property == null) {
                        violations.add(path + "." + field.getKey() + ": unknown field");
                    } else {
                        field.setValue(check(property, field.getValue(), path + "." + field.getKey(), violations));
                    }
                }
                rules(schema, object, path, violations);
                return object;
            }
            case "array" -> {
                if (!(value instanceof List<?> list)) {
                    violations.add(path + ": must be a list");
                    return value;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    items.add(check(schema.getItems().getSchema(), list.get(i), path + "[" + i + "]", violations));
                }
                rules(schema, items, path, violations);
                return items;
            }
            case "string" -> {
                if (!(value instanceof String string)) {
                    violations.add(path + ": must be a string");
                    return value;
                }
                if (schema.getPattern() != null && !Pattern.compile(schema.getPattern()).matcher(string).find()) {
                    violations.add(path + ": must match " + schema.getPattern());
                }
                if (schema.getEnum() != null && !schema.getEnum().isEmpty() && schema.getEnum().stream().noneMatch(e -> e.asText().equals(string))) {
                    violations.add(path + ": must be one of " + schema.getEnum());
                }
                rules(schema, string, path, violations);
                return string;
            }
            case "integer", "number" -> {
                boolean integral = value instanceof Integer || value instanceof Long;
                if (!(value instanceof Number number) || "integer".equals(schema.getType()) && !integral) {
                    violations.add(path + ": must be " + ("integer".equals(schema.getType()) ? "an integer" : "a number"));
                    return value;
                }
                double n = number.doubleValue();
                if (schema.getMinimum() != null && (Boolean.TRUE.equals(schema.getExclusiveMinimum())
                        ? n <= schema.getMinimum() : n < schema.getMinimum())) {
                    violations.add(path + ": must be above " + schema.getMinimum());
                }
                if (schema.getMaximum() != null && (Boolean.TRUE.equals(schema.getExclusiveMaximum())
                        ? n >= schema.getMaximum() : n > schema.getMaximum())) {
                    violations.add(path + ": must be below " + schema.getMaximum());
                }
                // CEL has no 32-bit integers.
                return integral ? (Object) number.longValue() : (Object) n;
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    violations.add(path + ": must be true or false");
                }
                return value;
            }
            default -> throw new IllegalStateException(path + ": type " + schema.getType() + " is not handled here");
        }
    }

    private static void rules(JSONSchemaProps schema, Object self, String path, List<String> violations) {
        if (schema.getXKubernetesValidations() == null) {
            return;
        }
        for (ValidationRule rule : schema.getXKubernetesValidations()) {
            if (!CelRules.admits(rule.getRule(), self)) {
                violations.add(path + ": " + (rule.getMessage() == null ? rule.getRule() : rule.getMessage()));
            }
        }
    }
}
