package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.HttpUrl;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;

/**
 * Server-side apply ({@code kubectl apply --server-side}) of custom resources, with field ownership kept in
 * {@code metadata.managedFields} as the API server keeps it, simplified:
 * <ul>
 * <li>a manager owns the fields its last applied configuration set; lists are owned whole (atomic), as a
 * CRD's lists are unless they declare a list type;</li>
 * <li>applying a field another applier owns with a different value is a 409 conflict naming the field and
 * the owner, unless {@code force=true}, which takes the field over;</li>
 * <li>a field the manager applied before and leaves out now is removed, unless another applier owns it.</li>
 * </ul>
 * Only appliers own fields: plain creates, updates and patches are not recorded as owners (a real server
 * records them under their own manager, so an apply can conflict with them too). The resulting object is
 * written through the store's ordinary create or update, checked on the way like any write.
 */
final class ServerSideApply {

    static final String CONTENT_TYPE = "application/apply-patch+yaml";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    private static final Set<String> IDENTITY = Set.of("apiVersion", "kind");

    private final OpenApiDocuments documents;
    private final Function<String, String> storedObject;
    private final Clock clock;

    ServerSideApply(OpenApiDocuments documents, Function<String, String> storedObject, Clock clock) {
        this.documents = documents;
        this.storedObject = storedObject;
        this.clock = clock;
    }

    /** The answer to an apply patch of a custom resource, written with {@code write}; null for any other request. */
    MockResponse answer(RecordedRequest request, Function<RecordedRequest, MockResponse> write) {
        String contentType = request.getHeader("Content-Type");
        if (!"PATCH".equals(request.getMethod()) || contentType == null || !contentType.startsWith(CONTENT_TYPE)) {
            return null;
        }
        String path = request.getPath().split("\\?", 2)[0];
        Optional<Watches.ResourcePath> target = Watches.ResourcePath.parse(path);
        if (target.isEmpty() || target.get().name() == null) {
            return null;
        }
        Watches.ResourcePath resource = target.get();
        Optional<OpenApiDocuments.Kind> kind = documents.kind(resource.group(), resource.version(), resource.plural());
        if (kind.isEmpty() || !kind.get().custom()) {
            return null;
        }
        HttpUrl url = HttpUrl.parse("http://localhost" + request.getPath());
        String manager = url.queryParameter("fieldManager");
        if (manager == null || manager.isBlank()) {
            return FailureStatus.response(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
                    + "is required for apply patch", null);
        }
        boolean force = "true".equals(url.queryParameter("force"));
        JsonNode applied;
        try {
            applied = JSON.valueToTree(KUBERNETES.unmarshal(request.getUtf8Body(), Map.class));
        } catch (RuntimeException e) {
            return FailureStatus.response(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", "error decoding YAML: " + e.getMessage(), null);
        }
        if (applied == null || !applied.isObject()) {
            return FailureStatus.response(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", "an apply patch must be an object", null);
        }
        String stored = storedObject.apply(path);
        ObjectNode live = stored == null ? null : (ObjectNode) read(stored);
        Set<List<String>> fields = fields(applied, List.of());

        Map<String, Set<List<String>>> owners = owners(live);
        List<String> conflicts = new ArrayList<>();
        List<String> conflictingManagers = new ArrayList<>();
        for (Map.Entry<String, Set<List<String>>> owner : owners.entrySet()) {
            if (owner.getKey().equals(manager)) {
                continue;
            }
            for (List<String> field : fields) {
                if (owner.getValue().contains(field) && !at(applied, field).equals(at(live, field))) {
                    if (force) {
                        owner.getValue().remove(field);
                    } else {
                        conflicts.add("." + String.join(".", field));
                        conflictingManagers.add(owner.getKey());
                    }
                }
            }
        }
        if (!conflicts.isEmpty()) {
            ObjectNode details = NODES.objectNode();
            ArrayNode causes = details.putArray("causes");
            for (int i = 0; i < conflicts.size(); i++) {
                causes.addObject().put("reason", "FieldManagerConflict")
                        .put("message", "conflict with \"" + conflictingManagers.get(i) + "\"").put("field", conflicts.get(i));
            }
            List<String> named = new ArrayList<>();
            for (int i = 0; i < conflicts.size(); i++) {
                named.add("conflict with \"" + conflictingManagers.get(i) + "\": " + conflicts.get(i));
            }
            String message = "Apply failed with " + conflicts.size() + " conflict" + (conflicts.size() == 1 ? "" : "s")
                    + ": " + String.join(", ", named);
            return FailureStatus.response(HttpURLConnection.HTTP_CONFLICT, "Conflict", message, details);
        }

        ObjectNode result = live == null ? NODES.objectNode() : live.deepCopy();
        Set<List<String>> before = owners.getOrDefault(manager, Set.of());
        for (List<String> dropped : before) {
            boolean ownedElsewhere = owners.entrySet().stream()
                    .anyMatch(o -> !o.getKey().equals(manager) && o.getValue().contains(dropped));
            if (!fields.contains(dropped) && !ownedElsewhere) {
                remove(result, dropped);
            }
        }
        merge(result, applied);
        owners.put(manager, fields);
        result.with("metadata").set("managedFields", managedFields(owners, live, manager, kind.get()));

        RecordedRequest writeRequest;
        if (live == null) {
            String collection = path.substring(0, path.lastIndexOf('/'));
            writeRequest = new RecordedRequest(request.getHttpVersion(), HttpMethod.POST, collection + query(request),
                    request.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
                    new Buffer(result.toString().getBytes(StandardCharsets.UTF_8)));
        } else {
            writeRequest = new RecordedRequest(request.getHttpVersion(), HttpMethod.PUT, path + query(request),
                    request.getHeaders().newBuilder().set("Content-Type", "application/json").build(),
                    new Buffer(result.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return write.apply(writeRequest);
    }

    /** The leaf fields an object sets: every value that is not an object, lists whole; identity fields left out. */
    static Set<List<String>> fields(JsonNode node, List<String> path) {
        Set<List<String>> fields = new LinkedHashSet<>();
        if (!node.isObject() || (!path.isEmpty() && node.isEmpty())) {
            fields.add(path);
            return fields;
        }
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (path.isEmpty() && IDENTITY.contains(entry.getKey())) {
                continue;
            }
            if (path.size() == 1 && "metadata".equals(path.get(0))
                    && List.of("name", "namespace", "managedFields", "resourceVersion", "uid").contains(entry.getKey())) {
                continue;
            }
            List<String> child = new ArrayList<>(path);
            child.add(entry.getKey());
            fields.addAll(fields(entry.getValue(), child));
        }
        return fields;
    }

    /** Each applier's fields, read from the stored managedFields. */
    private static Map<String, Set<List<String>>> owners(JsonNode live) {
        Map<String, Set<List<String>>> owners = new LinkedHashMap<>();
        if (live == null) {
            return owners;
        }
        for (JsonNode entry : live.path("metadata").path("managedFields")) {
            if ("Apply".equals(entry.path("operation").asText())) {
                owners.put(entry.path("manager").asText(), decode(entry.path("fieldsV1"), List.of()));
            }
        }
        return owners;
    }

    /** The stored entries with each applier's fields as they now are, and the manager's own entry last. */
    private ArrayNode managedFields(Map<String, Set<List<String>>> owners, JsonNode live, String manager,
                                    OpenApiDocuments.Kind kind) {
        ArrayNode entries = NODES.arrayNode();
        Map<String, JsonNode> applied = new HashMap<>();
        if (live != null) {
            for (JsonNode entry : live.path("metadata").path("managedFields")) {
                if ("Apply".equals(entry.path("operation").asText())) {
                    applied.put(entry.path("manager").asText(), entry);
                } else {
                    entries.add(entry);
                }
            }
        }
        owners.forEach((owner, fields) -> {
            if (!owner.equals(manager) && !fields.isEmpty() && applied.containsKey(owner)) {
                ObjectNode kept = applied.get(owner).deepCopy();
                kept.set("fieldsV1", encode(fields));
                entries.add(kept);
            }
        });
        ObjectNode mine = entries.addObject().put("manager", manager).put("operation", "Apply")
                .put("apiVersion", kind.group() + "/" + kind.version())
                .put("time", Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString()).put("fieldsType", "FieldsV1");
        mine.set("fieldsV1", encode(owners.get(manager)));
        return entries;
    }

    /** Fields as the API server writes them in FieldsV1: {@code {"f:spec":{"f:origin":{}}}}. */
    static ObjectNode encode(Set<List<String>> fields) {
        ObjectNode root = NODES.objectNode();
        for (List<String> field : fields) {
            ObjectNode node = root;
            for (String name : field) {
                node = node.with("f:" + name);
            }
        }
        return root;
    }

    static Set<List<String>> decode(JsonNode fieldsV1, List<String> path) {
        Set<List<String>> fields = new LinkedHashSet<>();
        Iterator<Map.Entry<String, JsonNode>> entries = fieldsV1.fields();
        boolean children = false;
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (entry.getKey().startsWith("f:")) {
                children = true;
                List<String> child = new ArrayList<>(path);
                child.add(entry.getKey().substring(2));
                fields.addAll(decode(entry.getValue(), child));
            }
        }
        if (!children && !path.isEmpty()) {
            fields.add(path);
        }
        return fields;
    }

    private static JsonNode at(JsonNode node, List<String> path) {
        JsonNode current = node == null ? NODES.missingNode() : node;
        for (String name : path) {
            current = current.path(name);
        }
        return current;
    }

    private static void remove(ObjectNode object, List<String> path) {
        JsonNode parent = at(object, path.subList(0, path.size() - 1));
        if (parent.isObject()) {
            ((ObjectNode) parent).remove(path.get(path.size() - 1));
        }
    }

    private static void merge(ObjectNode target, JsonNode applied) {
        Iterator<Map.Entry<String, JsonNode>> entries = applied.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            JsonNode existing = target.get(entry.getKey());
            if (entry.getValue().isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, entry.getValue());
            } else {
                target.set(entry.getKey(), entry.getValue().deepCopy());
            }
        }
    }

    private static String query(RecordedRequest request) {
        String[] parts = request.getPath().split("\\?", 2);
        return parts.length == 2 ? "?" + parts[1] : "";
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
