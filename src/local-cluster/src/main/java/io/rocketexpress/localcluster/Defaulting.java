package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the API server does to a custom resource before storing it, after validation: a field the schema gives
 * a {@code default} is set when its object is there but the field is not, and a field the schema does not know
 * of is dropped (pruning), unless the schema keeps unknown fields there. The object's own {@code apiVersion},
 * {@code kind} and {@code metadata} are left as they are.
 */
final class Defaulting {

    private static final Set<String> IDENTITY = Set.of("apiVersion", "kind", "metadata");

    private final OpenApiDocuments.SchemaSet schemas;

    private Defaulting(OpenApiDocuments.SchemaSet schemas) {
        this.schemas = schemas;
    }

    /** A defaulted and pruned copy of {@code object}. */
    static JsonNode apply(JsonNode object, OpenApiDocuments.SchemaSet schemas) {
        JsonNode copy = object.deepCopy();
        new Defaulting(schemas).walk(copy, schemas.rootSchema(), true);
        return copy;
    }

    /** A default as the API server stores it: JSON numbers carry no type, so 10000.0 is 10000. */
    private static JsonNode asStored(JsonNode value) {
        if (value.isFloatingPointNumber() && value.asDouble() == Math.rint(value.asDouble()) && Math.abs(value.asDouble()) < 1e15) {
            return LongNode.valueOf((long) value.asDouble());
        }
        return value.deepCopy();
    }

    private void walk(JsonNode value, JsonNode declared, boolean root) {
        JsonNode schema = schemas.resolve(declared);
        if (value instanceof ObjectNode object) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.get("additionalProperties");
            boolean keepsUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                    || (additional != null && (additional.isObject() || additional.asBoolean(false)));
            List<String> unknown = new ArrayList<>();
            object.fieldNames().forEachRemaining(name -> {
                if (!properties.has(name) && !keepsUnknown && !(root && IDENTITY.contains(name))
                        && !(schema.path("x-kubernetes-embedded-resource").asBoolean(false) && IDENTITY.contains(name))) {
                    unknown.add(name);
                }
            });
            object.remove(unknown);
            properties.fields().forEachRemaining(property -> {
                JsonNode propertySchema = schemas.resolve(property.getValue());
                if (!object.has(property.getKey()) && propertySchema.has("default")) {
                    object.set(property.getKey(), asStored(propertySchema.get("default")));
                }
            });
            object.fields().forEachRemaining(field -> {
                if (root && IDENTITY.contains(field.getKey())) {
                    return;
                }
                if (properties.has(field.getKey())) {
                    walk(field.getValue(), properties.get(field.getKey()), false);
                } else if (additional != null && additional.isObject()) {
                    walk(field.getValue(), additional, false);
                }
            });
        } else if (value instanceof ArrayNode array && schema.has("items")) {
            array.forEach(item -> walk(item, schema.get("items"), false));
        }
    }
}
