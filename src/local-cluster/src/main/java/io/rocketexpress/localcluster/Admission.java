package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.HttpUrl;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The API server's checks of a write before it is stored: the object the create, update or patch would
 * store is checked against its published schema (see {@link SchemaValidation}).
 * <ul>
 * <li>With {@code fieldValidation=Strict}, which kubectl sends by default, a field the schema does not know
 * is refused 400 with a strict decoding error; otherwise it is let through (a real server would drop it from
 * a custom resource).</li>
 * <li>A custom resource that breaks its CRD's schema (types, required fields, enums, patterns, bounds, CEL
 * rules) is refused 422 Invalid, naming each field, whatever the request asks.</li>
 * </ul>
 * Writes to kinds without a published schema, and server-side apply, go to the store unchecked.
 */
final class Admission {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final OpenApiDocuments documents;
    private final Function<String, String> storedObject;

    /** @param storedObject the stored object at a path, as JSON, or null when there is none */
    Admission(OpenApiDocuments documents, Function<String, String> storedObject) {
        this.documents = documents;
        this.storedObject = storedObject;
    }

    /**
     * What becomes of a write: refused (a response), or the request the store should take, which for a custom
     * resource is the object defaulted and pruned (see {@link Defaulting}), written whole when that changed it.
     */
    record Review(MockResponse refusal, RecordedRequest toStore) {

        static Review store(RecordedRequest request) {
            return new Review(null, request);
        }

        static Review refuse(MockResponse refusal) {
            return new Review(refusal, null);
        }
    }

    Review review(RecordedRequest request) {
        String method = request.getMethod();
        if (!List.of("POST", "PUT", "PATCH").contains(method)) {
            return Review.store(request);
        }
        if (isProtobuf(request)) {
            if (ProtobufBody.asJson(request.getBody().getBytes()).isEmpty()) {
                return Review.refuse(FailureStatus.response(HttpURLConnection.HTTP_UNSUPPORTED_TYPE, "UnsupportedMediaType",
                        "the body of the request was in an unknown format - accepted media types include: "
                                + "application/json, application/yaml", null));
            }
            request = readable(request);
        }
        String path = request.getPath().split("\\?", 2)[0];
        String objectPath = path.endsWith("/status") ? path.substring(0, path.length() - "/status".length()) : path;
        Optional<Watches.ResourcePath> target = Watches.ResourcePath.parse(objectPath);
        if (target.isEmpty() || ("POST".equals(method)) != (target.get().name() == null)) {
            return Review.store(request);
        }
        Watches.ResourcePath resource = target.get();
        Optional<OpenApiDocuments.Kind> kind = documents.kind(resource.group(), resource.version(), resource.plural());
        if (kind.isEmpty()) {
            return Review.store(request);
        }
        String fieldValidation = HttpUrl.parse("http://localhost" + request.getPath()).queryParameter("fieldValidation");
        if (!kind.get().custom() && !"Strict".equals(fieldValidation)) {
            return Review.store(request); // a built-in kind is only checked for fields it does not know, when asked
        }
        JsonNode body = read(request.getBody().getBytes());
        String stored = "POST".equals(method) ? null : storedObject.apply(objectPath);
        JsonNode old = stored == null ? null : read(stored.getBytes(StandardCharsets.UTF_8));
        JsonNode written = "PATCH".equals(method) ? patched(old, body, request.getHeader("Content-Type")) : body;
        if (written == null || !written.isObject()) {
            return Review.store(request); // nothing we can read: the store answers as it does
        }
        OpenApiDocuments.SchemaSet schema = documents.schema(kind.get());
        SchemaValidation validation = SchemaValidation.of(written, old, schema);
        if ("Strict".equals(fieldValidation) && !validation.unknownFields().isEmpty()) {
            String unknown = validation.unknownFields().stream().map(field -> "unknown field \"" + field + "\"")
                    .collect(Collectors.joining(", "));
            String k = kind.get().kind();
            return Review.refuse(FailureStatus.response(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest",
                    k + " in version \"" + resource.version() + "\" cannot be handled as a " + k + ": strict decoding error: " + unknown,
                    null));
        }
        if (!kind.get().custom()) {
            return Review.store(request);
        }
        if (!validation.problems().isEmpty()) {
            return Review.refuse(invalid(kind.get(), written.path("metadata").path("name").asText(resource.name()), validation.problems()));
        }
        JsonNode toStore = Defaulting.apply(written, schema);
        if (toStore.equals(written)) {
            return Review.store(request);
        }
        // a patch whose result needs defaults or pruning is stored as the whole object it makes
        HttpMethod store = "PATCH".equals(method) ? HttpMethod.PUT : request.method();
        return Review.store(new RecordedRequest(request.getHttpVersion(), store, request.getPath(),
                request.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
                new Buffer(toStore.toString().getBytes(StandardCharsets.UTF_8))));
    }

    /**
     * The request as the store can read it: a protobuf body (kubectl writes built-in kinds so) turned into
     * JSON, see {@link ProtobufBody}; any other request as it is.
     */
    private static RecordedRequest readable(RecordedRequest request) {
        if (!isProtobuf(request)) {
            return request;
        }
        return ProtobufBody.asJson(request.getBody().getBytes())
                .map(json -> new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
                        request.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
                        new Buffer(json.getBytes(StandardCharsets.UTF_8))))
                .orElse(request);
    }

    private static boolean isProtobuf(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        return contentType != null && contentType.startsWith(ProtobufBody.CONTENT_TYPE);
    }

    /** What a patch would make of the stored object; null when the patch is of a kind we do not apply here. */
    private static JsonNode patched(JsonNode stored, JsonNode patch, String contentType) {
        if (stored == null || patch == null || contentType == null) {
            return null;
        }
        if (contentType.startsWith("application/json-patch+json")) {
            try {
                return JsonPatch.apply(patch, stored);
            } catch (RuntimeException e) {
                return null;
            }
        }
        if (contentType.startsWith("application/merge-patch+json") || contentType.startsWith("application/strategic-merge-patch+json")) {
            return merge(stored.deepCopy(), patch);
        }
        return null;
    }

    /** RFC 7386: objects merge field by field, null removes, anything else replaces. */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    private static MockResponse invalid(OpenApiDocuments.Kind kind, String name, List<SchemaValidation.Problem> problems) {
        List<String> parts = problems.stream().map(p -> p.field() + ": " + p.message()).toList();
        String qualified = kind.group().isEmpty() ? kind.kind() : kind.kind() + "." + kind.group();
        String message = qualified + " \"" + name + "\" is invalid: "
                + (parts.size() == 1 ? parts.get(0) : "[" + String.join(", ", parts) + "]");
        ObjectNode details = NODES.objectNode().put("name", name).put("group", kind.group()).put("kind", kind.kind());
        ArrayNode causes = details.putArray("causes");
        problems.forEach(p -> causes.addObject().put("reason", p.reason()).put("message", p.message()).put("field", p.field()));
        return FailureStatus.response(422, "Invalid", message, details);
    }

    private static JsonNode read(byte[] json) {
        try {
            return json == null || json.length == 0 ? null : JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }
}
