package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.Map;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * The Swagger 2.0 document in the protobuf encoding the API server serves at {@code /openapi/v2} when a client
 * asks for {@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}: gnostic's {@code openapi.v2}
 * messages, field numbers as in its {@code OpenAPIv2.proto}. kubectl before 1.27 reads OpenAPI this way only
 * (for {@code explain} and {@code apply}'s validation). Only what {@link OpenApiDocuments#v2()} writes is
 * encoded; vendor extensions and enum values travel as YAML text (JSON is YAML), as gnostic carries them.
 */
final class OpenApiV2Protobuf {

    /** What the API server answers: the media type clients ask for, without the {@code @} Go's MIME parser refuses. */
    static final String CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private OpenApiV2Protobuf() {
    }

    /** True when an Accept header asks for the protobuf document. */
    static boolean requested(String accept) {
        return accept != null && accept.contains("application/com.github.proto-openapi.spec.v2");
    }

    static byte[] encode(JsonNode document) {
        Message out = new Message();
        out.string(1, document.path("swagger").asText());
        Message info = new Message();
        info.string(1, document.path("info").path("title").asText());
        info.string(2, document.path("info").path("version").asText());
        out.message(2, info);
        Message paths = new Message();
        document.path("paths").fields().forEachRemaining(path -> {
            Message named = new Message();
            named.string(1, path.getKey());
            named.message(2, pathItem(path.getValue()));
            paths.message(2, named);
        });
        out.message(8, paths);
        Message definitions = new Message();
        document.path("definitions").fields().forEachRemaining(definition ->
                definitions.message(1, namedSchema(definition.getKey(), definition.getValue())));
        out.message(9, definitions);
        return out.bytes();
    }

    private static Message pathItem(JsonNode item) {
        Message message = new Message();
        Map<String, Integer> operations = Map.of("get", 2, "put", 3, "post", 4, "delete", 5, "patch", 8);
        for (String verb : new String[] {"get", "put", "post", "delete", "patch"}) {
            if (item.has(verb)) {
                message.message(operations.get(verb), operation(item.get(verb)));
            }
        }
        item.path("parameters").forEach(parameter -> message.message(9, parameter(parameter)));
        return message;
    }

    private static Message operation(JsonNode operation) {
        Message message = new Message();
        message.string(3, operation.path("description").asText());
        message.string(5, operation.path("operationId").asText());
        operation.path("produces").forEach(type -> message.string(6, type.asText()));
        operation.path("consumes").forEach(type -> message.string(7, type.asText()));
        operation.path("parameters").forEach(parameter -> message.message(8, parameter(parameter)));
        Message responses = new Message();
        operation.path("responses").fields().forEachRemaining(response -> {
            Message body = new Message();
            body.string(1, response.getValue().path("description").asText());
            if (response.getValue().has("schema")) {
                Message schemaItem = new Message();
                schemaItem.message(1, schema(response.getValue().get("schema")));
                body.message(2, schemaItem);
            }
            Message value = new Message();
            value.message(1, body);
            Message named = new Message();
            named.string(1, response.getKey());
            named.message(2, value);
            responses.message(1, named);
        });
        message.message(9, responses);
        extensions(operation, message, 13);
        return message;
    }

    /** A ParametersItem: a body parameter, or a query or path parameter. */
    private static Message parameter(JsonNode parameter) {
        Message kind = new Message();
        String in = parameter.path("in").asText();
        if ("body".equals(in)) {
            Message body = new Message();
            body.string(1, parameter.path("description").asText());
            body.string(2, parameter.path("name").asText());
            body.string(3, in);
            body.bool(4, parameter.path("required").asBoolean());
            body.message(5, schema(parameter.path("schema")));
            kind.message(1, body);
        } else {
            boolean query = "query".equals(in);
            Message sub = new Message();
            sub.bool(1, parameter.path("required").asBoolean());
            sub.string(2, in);
            sub.string(3, parameter.path("description").asText());
            sub.string(4, parameter.path("name").asText());
            sub.string(query ? 6 : 5, parameter.path("type").asText());
            sub.bool(query ? 20 : 19, parameter.path("uniqueItems").asBoolean());
            Message nonBody = new Message();
            nonBody.message(query ? 3 : 4, sub);
            kind.message(2, nonBody);
        }
        Message item = new Message();
        item.message(1, kind);
        return item;
    }

    private static Message namedSchema(String name, JsonNode schema) {
        Message named = new Message();
        named.string(1, name);
        named.message(2, schema(schema));
        return named;
    }

    private static Message schema(JsonNode declared) {
        JsonNode schema = declared;
        // an allOf of one reference is how v3 documents a referenced field; older clients read a bare $ref
        if (!schema.has("$ref") && schema.path("allOf").size() == 1 && schema.path("allOf").get(0).has("$ref")) {
            schema = schema.deepCopy();
            ((ObjectNode) schema).put("$ref", declared.get("allOf").get(0).get("$ref").asText());
            ((ObjectNode) schema).remove("allOf");
        }
        Message message = new Message();
        message.string(1, schema.path("$ref").asText());
        message.string(2, schema.path("format").asText());
        message.string(3, schema.path("title").asText());
        message.string(4, schema.path("description").asText());
        if (schema.has("default")) {
            message.message(5, any(schema.get("default")));
        }
        if (schema.has("maximum")) {
            message.fixed64(7, Double.doubleToLongBits(schema.get("maximum").asDouble()));
        }
        message.bool(8, schema.path("exclusiveMaximum").asBoolean());
        if (schema.has("minimum")) {
            message.fixed64(9, Double.doubleToLongBits(schema.get("minimum").asDouble()));
        }
        message.bool(10, schema.path("exclusiveMinimum").asBoolean());
        message.varint(11, schema.path("maxLength").asLong());
        message.varint(12, schema.path("minLength").asLong());
        message.string(13, schema.path("pattern").asText());
        message.varint(14, schema.path("maxItems").asLong());
        message.varint(15, schema.path("minItems").asLong());
        schema.path("required").forEach(name -> message.string(19, name.asText()));
        schema.path("enum").forEach(value -> message.message(20, any(value)));
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null) {
            Message item = new Message();
            if (additional.isObject()) {
                item.message(1, schema(additional));
            } else {
                item.bool(2, additional.asBoolean());
            }
            message.message(21, item);
        }
        if (schema.has("type")) {
            Message type = new Message();
            type.string(1, schema.get("type").asText());
            message.message(22, type);
        }
        if (schema.has("items")) {
            Message items = new Message();
            items.message(1, schema(schema.get("items")));
            message.message(23, items);
        }
        for (JsonNode part : schema.path("allOf")) {
            message.message(24, schema(part));
        }
        if (schema.has("properties")) {
            Message properties = new Message();
            schema.get("properties").fields().forEachRemaining(property ->
                    properties.message(1, namedSchema(property.getKey(), property.getValue())));
            message.message(25, properties);
        }
        extensions(schema, message, 31);
        return message;
    }

    /** The {@code x-} fields of a JSON object as NamedAny vendor extensions. */
    private static void extensions(JsonNode node, Message message, int field) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            if (entry.getKey().startsWith("x-")) {
                Message named = new Message();
                named.string(1, entry.getKey());
                named.message(2, any(entry.getValue()));
                message.message(field, named);
            }
        }
    }

    /** gnostic's Any, by its YAML text. */
    private static Message any(JsonNode value) {
        Message any = new Message();
        any.string(2, value.toString() + "\n");
        return any;
    }

    /** A protobuf message being written; default values (empty, zero, false) are left out, as proto3 does. */
    private static final class Message {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void string(int field, String value) {
            if (value != null && !value.isEmpty()) {
                bytes(field, value.getBytes(StandardCharsets.UTF_8));
            }
        }

        void message(int field, Message message) {
            bytes(field, message.bytes());
        }

        void bool(int field, boolean value) {
            if (value) {
                tag(field, 0);
                raw(1);
            }
        }

        void varint(int field, long value) {
            if (value != 0) {
                tag(field, 0);
                raw(value);
            }
        }

        void fixed64(int field, long bits) {
            tag(field, 1);
            for (int i = 0; i < 8; i++) {
                out.write((int) (bits >>> (8 * i)) & 0xff);
            }
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void bytes(int field, byte[] value) {
            tag(field, 2);
            raw(value.length);
            out.writeBytes(value);
        }

        private void tag(int field, int wireType) {
            raw((long) field << 3 | wireType);
        }

        private void raw(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
