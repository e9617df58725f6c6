package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;

import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;

/**
 * The API server's OpenAPI documents: {@code /openapi/v3} (an index of group-version documents, each at
 * {@code /openapi/v3/api/v1} or {@code /openapi/v3/apis/{group}/{version}} with a content hash) and
 * {@code /openapi/v2} (one Swagger 2.0 document of everything). kubectl reads them to {@code explain} a field
 * and, before {@code apply}, to learn that the server validates fields itself ({@code fieldValidation} among
 * the PATCH parameters) rather than doing it on the client.
 * <p>
 * Custom resources are described by their CRDs' schemas, read from the CRDs stored at each request; the
 * built-in kinds our applications and users write (Secrets, ConfigMaps, Namespaces, Events, Jobs, Leases) by
 * schemas drawn from fabric8's model, see {@link ModelSchemas}.
 */
final class OpenApiDocuments {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final KubernetesSerialization KUBERNETES_JSON = new KubernetesSerialization();
    private static final String OBJECT_META = ModelSchemas.nameOf(ObjectMeta.class);
    private static final String LIST_META = ModelSchemas.nameOf(ListMeta.class);
    private static final String PATCH = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
    private static final List<String> CUSTOM_PATCH_TYPES =
            List.of("application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml");
    private static final List<String> BUILT_IN_PATCH_TYPES = List.of("application/json-patch+json",
            "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml");

    /** A kind as the documents describe it: where it is served and which schemas describe it and its list. */
    record Kind(String group, String version, String plural, String kind, boolean namespaced, boolean statusSubresource,
                String schema, String listSchema, boolean custom) {

        String groupVersionPath() {
            return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
        }
    }

    private static final ModelSchemas MODEL = new ModelSchemas();
    private static final List<Kind> BUILT_IN = List.of(
            builtIn("", "v1", "configmaps", ConfigMap.class, true, false),
            builtIn("", "v1", "events", Event.class, true, false),
            builtIn("", "v1", "namespaces", Namespace.class, false, true),
            builtIn("", "v1", "secrets", Secret.class, true, false),
            builtIn("batch", "v1", "jobs", Job.class, true, true),
            builtIn("coordination.k8s.io", "v1", "leases", Lease.class, true, false));

    static {
        MODEL.add(ObjectMeta.class);
        MODEL.add(ListMeta.class);
    }

    private final Supplier<List<CustomResourceDefinition>> installedDefinitions;

    OpenApiDocuments(Supplier<List<CustomResourceDefinition>> installedDefinitions) {
        this.installedDefinitions = installedDefinitions;
    }

    /**
     * The answer to a GET of {@code path}, or null when it is not an OpenAPI path. {@code /openapi/v2} is
     * answered in protobuf to a client that accepts it (see {@link OpenApiV2Protobuf}), else in JSON.
     */
    MockResponse answer(String path, String accept) {
        String plain = path.split("\\?", 2)[0];
        if (plain.endsWith("/") && plain.length() > 1) {
            plain = plain.substring(0, plain.length() - 1);
        }
        if ("/openapi/v2".equals(plain)) {
            if (OpenApiV2Protobuf.requested(accept)) {
                return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
                        .setHeader("Content-Type", OpenApiV2Protobuf.CONTENT_TYPE).setBody(OpenApiV2Protobuf.encode(v2()));
            }
            return json(v2());
        }
        if ("/openapi/v3".equals(plain)) {
            ObjectNode index = NODES.objectNode();
            ObjectNode paths = index.putObject("paths");
            v3().forEach((groupVersion, document) -> paths.putObject(groupVersion)
                    .put("serverRelativeURL", "/openapi/v3/" + groupVersion + "?hash=" + hash(document)));
            return json(index);
        }
        if (plain.startsWith("/openapi/v3/")) {
            ObjectNode document = v3().get(plain.substring("/openapi/v3/".length()));
            if (document == null) {
                return new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
                        .setHeader("Content-Type", "text/plain; charset=utf-8").setBody("404 page not found");
            }
            return json(document).setHeader("Etag", "\"" + hash(document) + "\"");
        }
        return null;
    }

    /** The kind served at a collection, if the documents describe it. */
    Optional<Kind> kind(String group, String version, String plural) {
        return kinds().stream()
                .filter(k -> k.group().equals(group) && k.version().equals(version) && k.plural().equals(plural))
                .findFirst();
    }

    /**
     * The schema of a kind, with every schema it refers to: built once per kind for the CRDs as installed, and
     * again only after a CRD was written (every admission asks for it; callers must not change it).
     */
    SchemaSet schema(Kind kind) {
        List<CustomResourceDefinition> installed = installedDefinitions.get();
        SchemaSets known = schemaSets;
        if (known == null || known.installed() != installed) {
            known = new SchemaSets(installed, new java.util.concurrent.ConcurrentHashMap<>());
            schemaSets = known;
        }
        return known.byKind().computeIfAbsent(kind, k -> new SchemaSet(schemas(List.of(k)), k.schema()));
    }

    /** The schema sets built for one list of installed CRDs (the same list object until a CRD is written). */
    private record SchemaSets(List<CustomResourceDefinition> installed, Map<Kind, SchemaSet> byKind) {
    }

    private volatile SchemaSets schemaSets;

    /** A schema by name among the schemas it may refer to by {@code $ref}. */
    record SchemaSet(Map<String, ObjectNode> schemas, String root) {

        JsonNode rootSchema() {
            return schemas.get(root);
        }

        /** The schema {@code node} stands for: itself, or what its {@code $ref} (bare or in a one-item allOf) names. */
        JsonNode resolve(JsonNode node) {
            JsonNode reference = node.path("$ref");
            if (reference.isMissingNode() && node.path("allOf").size() == 1) {
                reference = node.path("allOf").get(0).path("$ref");
            }
            if (reference.isTextual() && reference.asText().startsWith(ModelSchemas.REF_PREFIX)) {
                JsonNode target = schemas.get(reference.asText().substring(ModelSchemas.REF_PREFIX.length()));
                return target == null ? NODES.objectNode().put("x-kubernetes-preserve-unknown-fields", true) : target;
            }
            return node;
        }
    }

    /** Every group-version document of OpenAPI v3, by its path under {@code /openapi/v3/}. */
    Map<String, ObjectNode> v3() {
        Map<String, List<Kind>> byGroupVersion = new LinkedHashMap<>();
        kinds().forEach(kind -> byGroupVersion.computeIfAbsent(kind.groupVersionPath(), gv -> new ArrayList<>()).add(kind));
        Map<String, ObjectNode> documents = new LinkedHashMap<>();
        byGroupVersion.forEach((groupVersion, kinds) -> {
            ObjectNode document = NODES.objectNode().put("openapi", "3.0.0");
            document.putObject("info").put("title", "Kubernetes").put("version", "v" + Discovery.KUBERNETES_MAJOR + "." + Discovery.KUBERNETES_MINOR + ".0");
            ObjectNode paths = document.putObject("paths");
            kinds.forEach(kind -> addPaths(paths, kind, false));
            ObjectNode components = document.putObject("components").putObject("schemas");
            schemas(kinds).forEach(components::set);
            documents.put(groupVersion, document);
        });
        return documents;
    }

    /** The one Swagger 2.0 document of everything served. */
    ObjectNode v2() {
        List<Kind> kinds = kinds();
        ObjectNode document = NODES.objectNode().put("swagger", "2.0");
        document.putObject("info").put("title", "Kubernetes").put("version", "v" + Discovery.KUBERNETES_MAJOR + "." + Discovery.KUBERNETES_MINOR + ".0");
        ObjectNode paths = document.putObject("paths");
        kinds.forEach(kind -> addPaths(paths, kind, true));
        ObjectNode definitions = document.putObject("definitions");
        schemas(kinds).forEach(definitions::set);
        try {
            return (ObjectNode) JSON.readTree(document.toString().replace(ModelSchemas.REF_PREFIX, "#/definitions/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Kind> kinds() {
        List<Kind> kinds = new ArrayList<>(BUILT_IN);
        for (CustomResourceDefinition crd : installedDefinitions.get()) {
            if (crd.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            var names = crd.getSpec().getNames();
            for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
                if (!Boolean.TRUE.equals(version.getServed())) {
                    continue;
                }
                String prefix = reversed(crd.getSpec().getGroup()) + "." + version.getName() + ".";
                kinds.add(new Kind(crd.getSpec().getGroup(), version.getName(), names.getPlural(), names.getKind(),
                        "Namespaced".equals(crd.getSpec().getScope()),
                        version.getSubresources() != null && version.getSubresources().getStatus() != null,
                        prefix + names.getKind(),
                        prefix + Objects.requireNonNullElse(names.getListKind(), names.getKind() + "List"), true));
            }
        }
        return kinds;
    }

    /** The schemas the kinds need: theirs, their lists', and the shared ones they refer to. */
    private Map<String, ObjectNode> schemas(List<Kind> kinds) {
        Map<String, ObjectNode> schemas = new LinkedHashMap<>();
        for (Kind kind : kinds) {
            if (kind.custom()) {
                schemas.put(kind.schema(), customSchema(kind));
                schemas.put(kind.listSchema(), listSchema(kind));
            }
        }
        MODEL.schemas().forEach((name, schema) -> schemas.put(name, withKindIfTopLevel(name, schema)));
        schemas.put(PATCH, (ObjectNode) NODES.objectNode().put("type", "object")
                .put("description", "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body."));
        return schemas;
    }

    private static ObjectNode withKindIfTopLevel(String name, ObjectNode schema) {
        for (Kind kind : BUILT_IN) {
            if (kind.schema().equals(name) || kind.listSchema().equals(name)) {
                ObjectNode copy = schema.deepCopy();
                copy.putArray("x-kubernetes-group-version-kind").addObject().put("group", kind.group())
                        .put("kind", name.equals(kind.schema()) ? kind.kind() : kind.kind() + "List").put("version", kind.version());
                return copy;
            }
        }
        return schema;
    }

    /** A CRD version's schema as the API server publishes it: the standard fields described, metadata by reference. */
    private ObjectNode customSchema(Kind kind) {
        CustomResourceDefinitionVersion version = installedDefinitions.get().stream()
                .filter(crd -> crd.getSpec().getGroup().equals(kind.group()) && crd.getSpec().getNames().getKind().equals(kind.kind()))
                .flatMap(crd -> crd.getSpec().getVersions().stream())
                .filter(v -> v.getName().equals(kind.version())).findFirst().orElseThrow();
        ObjectNode schema = version.getSchema() == null || version.getSchema().getOpenAPIV3Schema() == null
                ? NODES.objectNode().put("x-kubernetes-preserve-unknown-fields", true)
                : (ObjectNode) JSON.valueToTree(KUBERNETES_JSON.convertValue(version.getSchema().getOpenAPIV3Schema(), Map.class));
        schema.put("type", "object");
        ObjectNode properties = schema.with("properties");
        properties.set("apiVersion", NODES.objectNode().put("type", "string")
                .put("description", ModelSchemas.COMMON_DESCRIPTIONS.get("apiVersion")));
        properties.set("kind", NODES.objectNode().put("type", "string")
                .put("description", ModelSchemas.COMMON_DESCRIPTIONS.get("kind")));
        ObjectNode metadata = NODES.objectNode().put("description", ModelSchemas.COMMON_DESCRIPTIONS.get("metadata"));
        metadata.putArray("allOf").addObject().put("$ref", ModelSchemas.REF_PREFIX + OBJECT_META);
        properties.set("metadata", metadata);
        schema.putArray("x-kubernetes-group-version-kind").addObject()
                .put("group", kind.group()).put("kind", kind.kind()).put("version", kind.version());
        return schema;
    }

    private static ObjectNode listSchema(Kind kind) {
        ObjectNode list = NODES.objectNode().put("type", "object")
                .put("description", kind.kind() + "List is a list of " + kind.kind());
        list.putArray("required").add("items");
        ObjectNode properties = list.putObject("properties");
        properties.putObject("apiVersion").put("type", "string").put("description", ModelSchemas.COMMON_DESCRIPTIONS.get("apiVersion"));
        ObjectNode items = properties.putObject("items").put("type", "array")
                .put("description", "List of " + kind.plural() + ".");
        items.putObject("items").put("$ref", ModelSchemas.REF_PREFIX + kind.schema());
        properties.putObject("kind").put("type", "string").put("description", ModelSchemas.COMMON_DESCRIPTIONS.get("kind"));
        ObjectNode metadata = properties.putObject("metadata").put("description", "Standard list metadata.");
        metadata.putArray("allOf").addObject().put("$ref", ModelSchemas.REF_PREFIX + LIST_META);
        list.putArray("x-kubernetes-group-version-kind").addObject()
                .put("group", kind.group()).put("kind", kind.kind() + "List").put("version", kind.version());
        return list;
    }

    private static void addPaths(ObjectNode paths, Kind kind, boolean v2) {
        String base = "/" + kind.groupVersionPath();
        String collection = base + (kind.namespaced() ? "/namespaces/{namespace}/" : "/") + kind.plural();
        String item = collection + "/{name}";
        ObjectNode collectionOps = pathItem(paths, collection, kind.namespaced() ? List.of("namespace") : List.of(), v2);
        collectionOps.set("get", operation(kind, "list", kind.listSchema(), v2, null));
        collectionOps.set("post", operation(kind, "post", kind.schema(), v2, List.of("application/json")));
        ObjectNode itemOps = pathItem(paths, item, kind.namespaced() ? List.of("name", "namespace") : List.of("name"), v2);
        itemOps.set("get", operation(kind, "get", kind.schema(), v2, null));
        itemOps.set("put", operation(kind, "put", kind.schema(), v2, List.of("application/json")));
        itemOps.set("patch", operation(kind, "patch", kind.schema(), v2, kind.custom() ? CUSTOM_PATCH_TYPES : BUILT_IN_PATCH_TYPES));
        itemOps.set("delete", operation(kind, "delete", null, v2, null));
        if (kind.statusSubresource()) {
            ObjectNode statusOps = pathItem(paths, item + "/status", kind.namespaced() ? List.of("name", "namespace") : List.of("name"), v2);
            statusOps.set("get", operation(kind, "get", kind.schema(), v2, null));
            statusOps.set("put", operation(kind, "put", kind.schema(), v2, List.of("application/json")));
            statusOps.set("patch", operation(kind, "patch", kind.schema(), v2, kind.custom() ? CUSTOM_PATCH_TYPES : BUILT_IN_PATCH_TYPES));
        }
        if (kind.namespaced()) {
            pathItem(paths, base + "/" + kind.plural(), List.of(), v2).set("get", operation(kind, "list", kind.listSchema(), v2, null));
        }
    }

    private static ObjectNode pathItem(ObjectNode paths, String path, List<String> pathParameters, boolean v2) {
        ObjectNode item = paths.putObject(path);
        ArrayNode parameters = item.putArray("parameters");
        for (String name : pathParameters) {
            ObjectNode parameter = parameters.addObject().put("name", name).put("in", "path").put("required", true)
                    .put("description", "name".equals(name) ? "name of the object" : "object name and auth scope, such as for teams and projects");
            if (v2) {
                parameter.put("type", "string").put("uniqueItems", true);
            } else {
                parameter.putObject("schema").put("type", "string").put("uniqueItems", true);
            }
        }
        return item;
    }

    private static ObjectNode operation(Kind kind, String action, String schema, boolean v2, List<String> consumes) {
        ObjectNode operation = NODES.objectNode()
                .put("operationId", action + kind.kind())
                .put("description", action + " " + kind.plural());
        ArrayNode parameters = operation.putArray("parameters");
        if (consumes != null) {
            query(parameters, "dryRun", "When present, indicates that modifications should not be persisted.", v2);
            query(parameters, "fieldManager", "fieldManager is a name associated with the actor or entity that is making these changes.", v2);
            query(parameters, "fieldValidation", "fieldValidation instructs the server on how to handle objects in the "
                    + "request containing unknown or duplicate fields. Valid values are: Ignore, Warn and Strict.", v2);
            if ("patch".equals(action)) {
                query(parameters, "force", "Force is going to \"force\" Apply requests.", v2);
            }
        }
        if ("list".equals(action)) {
            for (String name : List.of("labelSelector", "fieldSelector", "resourceVersion", "watch", "allowWatchBookmarks",
                    "timeoutSeconds", "limit", "continue", "sendInitialEvents", "resourceVersionMatch")) {
                query(parameters, name, name, v2);
            }
        }
        String bodySchema = "patch".equals(action) ? PATCH : schema;
        if (consumes != null) {
            if (v2) {
                ArrayNode types = operation.putArray("consumes");
                consumes.forEach(types::add);
                parameters.addObject().put("name", "body").put("in", "body").put("required", true)
                        .putObject("schema").put("$ref", ModelSchemas.REF_PREFIX + bodySchema);
            } else {
                ObjectNode content = operation.putObject("requestBody").put("required", true).putObject("content");
                consumes.forEach(type -> content.putObject(type).putObject("schema").put("$ref", ModelSchemas.REF_PREFIX + bodySchema));
            }
        }
        ObjectNode ok = operation.putObject("responses").putObject("200").put("description", "OK");
        if (schema != null) {
            if (v2) {
                ok.putObject("schema").put("$ref", ModelSchemas.REF_PREFIX + schema);
                operation.putArray("produces").add("application/json");
            } else {
                ok.putObject("content").putObject("application/json").putObject("schema").put("$ref", ModelSchemas.REF_PREFIX + schema);
            }
        }
        operation.put("x-kubernetes-action", action);
        operation.putObject("x-kubernetes-group-version-kind")
                .put("group", kind.group()).put("kind", kind.kind()).put("version", kind.version());
        return operation;
    }

    private static void query(ArrayNode parameters, String name, String description, boolean v2) {
        ObjectNode parameter = parameters.addObject().put("name", name).put("in", "query").put("description", description);
        if (v2) {
            parameter.put("type", "string").put("uniqueItems", true);
        } else {
            parameter.putObject("schema").put("type", "string").put("uniqueItems", true);
        }
    }

    private static Kind builtIn(String group, String version, String plural, Class<?> type, boolean namespaced, boolean status) {
        String schema = MODEL.add(type);
        String list;
        try {
            list = MODEL.add(Class.forName(type.getName() + "List"));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("fabric8's model has no list of " + type.getName(), e);
        }
        return new Kind(group, version, plural, type.getSimpleName(), namespaced, status, schema, list, false);
    }

    private static String reversed(String group) {
        List<String> parts = new ArrayList<>(List.of(group.split("\\.")));
        Collections.reverse(parts);
        return String.join(".", parts);
    }

    private static String hash(JsonNode document) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512").digest(document.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MockResponse json(JsonNode document) {
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
                .setHeader("Content-Type", "application/json").setBody(document.toString());
    }
}
