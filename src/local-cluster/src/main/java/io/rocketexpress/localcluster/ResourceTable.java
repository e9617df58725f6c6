package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder;
import io.fabric8.mockwebserver.http.HttpUrl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A listing of custom resources as a {@code meta.k8s.io/v1} Table, the form {@code kubectl get} asks for:
 * the Name column and the CRD version's additionalPrinterColumns (or Age when it declares none), cells
 * rendered as the API server renders them. The in-process store only answers plain lists; from a table
 * kubectl prints the columns the CRD promises, such as a Launch's phase and vehicle.
 */
final class ResourceTable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String NAME_DESCRIPTION = "Name must be unique within a namespace. Is required when creating "
            + "resources, although some resources may allow a client to request the generation of an appropriate "
            + "name automatically. Name is primarily intended for creation idempotence and configuration definition.";
    private static final CustomResourceColumnDefinition DEFAULT_AGE = new CustomResourceColumnDefinitionBuilder()
            .withName("Age").withType("date").withJsonPath(".metadata.creationTimestamp").build();

    /** Group, version and plural of a custom resource path, collection or single object. */
    record Target(String group, String version, String plural) {
    }

    private final List<CustomResourceColumnDefinition> columns;
    private final Clock clock;

    private ResourceTable(List<CustomResourceColumnDefinition> columns, Clock clock) {
        this.columns = columns;
        this.clock = clock;
    }

    /** The columns a CRD version declares, read as the API server does. */
    static ResourceTable of(CustomResourceDefinitionVersion version, Clock clock) {
        List<CustomResourceColumnDefinition> declared = version.getAdditionalPrinterColumns();
        return new ResourceTable(declared == null || declared.isEmpty() ? List.of(DEFAULT_AGE) : declared, clock);
    }

    /** True when the Accept header asks for a {@code meta.k8s.io/v1} Table, as kubectl's human-readable get does. */
    static boolean requested(String accept) {
        if (accept == null) {
            return false;
        }
        return Arrays.stream(accept.split(",")).anyMatch(type -> {
            List<String> parameters = Arrays.stream(type.split(";")).map(String::trim).toList();
            return parameters.contains("as=Table") && parameters.contains("g=meta.k8s.io") && parameters.contains("v=v1");
        });
    }

    /**
     * The custom resource a GET of {@code path} reads, if it reads a collection or one object (not a
     * subresource, not a watch).
     */
    static Optional<Target> target(String path) {
        HttpUrl url = HttpUrl.parse("http://localhost" + path);
        if ("true".equals(url.queryParameter("watch"))) {
            return Optional.empty();
        }
        String[] s = Arrays.stream(url.encodedPath().split("/")).filter(p -> !p.isEmpty()).toArray(String[]::new);
        if (s.length < 4 || !"apis".equals(s[0])) {
            return Optional.empty();
        }
        boolean namespaced = "namespaces".equals(s[3]) && s.length >= 6;
        int pluralAt = namespaced ? 5 : 3;
        if (s.length > pluralAt + 2) {
            return Optional.empty();
        }
        return Optional.of(new Target(s[1], s[2], s[pluralAt]));
    }

    /** The served version of the CRD that defines {@code target}, if one does. */
    static Optional<CustomResourceDefinitionVersion> definition(Target target, List<CustomResourceDefinition> crds) {
        return crds.stream()
                .filter(crd -> crd.getSpec().getGroup().equals(target.group())
                        && crd.getSpec().getNames().getPlural().equals(target.plural()))
                .flatMap(crd -> crd.getSpec().getVersions().stream())
                .filter(v -> v.getName().equals(target.version()) && Boolean.TRUE.equals(v.getServed()))
                .findFirst();
    }

    /**
     * The table of what the store answered, a list or one object. {@code includeObject} is the request's
     * parameter: rows carry the object's metadata by default, the whole object for {@code Object}, nothing
     * for {@code None}.
     */
    String render(String stored, String includeObject) {
        JsonNode answer = read(stored);
        List<JsonNode> objects = new ArrayList<>();
        if (answer.has("items")) {
            answer.get("items").forEach(objects::add);
        } else {
            objects.add(answer);
        }
        // A real server lists in key order, namespace then name; the in-process store in no particular order.
        objects.sort(Comparator.comparing((JsonNode o) -> o.path("metadata").path("namespace").asText())
                .thenComparing(o -> o.path("metadata").path("name").asText()));
        ObjectNode table = NODES.objectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        ObjectNode metadata = table.putObject("metadata");
        JsonNode resourceVersion = answer.path("metadata").path("resourceVersion");
        if (resourceVersion.isTextual()) {
            metadata.put("resourceVersion", resourceVersion.asText());
        }
        ArrayNode definitions = table.putArray("columnDefinitions");
        definitions.add(column("Name", "string", "name", NAME_DESCRIPTION, 0));
        for (CustomResourceColumnDefinition c : columns) {
            definitions.add(column(c.getName(), c.getType(), c.getFormat(), c.getDescription(),
                    c.getPriority() == null ? 0 : c.getPriority()));
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode object : objects) {
            rows.add(row(object, includeObject));
        }
        return table.toString();
    }

    private ObjectNode row(JsonNode object, String includeObject) {
        ObjectNode row = NODES.objectNode();
        ArrayNode cells = row.putArray("cells");
        cells.add(object.path("metadata").path("name").asText());
        for (CustomResourceColumnDefinition column : columns) {
            JsonPath path = JsonPath.parse(column.getJsonPath());
            cells.add(cell(column.getType(), path == null ? null : path.first(object)));
        }
        if ("Object".equals(includeObject)) {
            row.set("object", object);
        } else if (!"None".equals(includeObject)) {
            ObjectNode partial = row.putObject("object")
                    .put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
            partial.set("metadata", object.path("metadata"));
        }
        return row;
    }

    /** A cell as the API server types it; one that does not fit its column's type is left empty. */
    private JsonNode cell(String type, JsonNode value) {
        if (value == null) {
            return NODES.nullNode();
        }
        switch (type) {
            case "integer":
                return value.canConvertToExactIntegral() ? NODES.numberNode(value.asLong()) : NODES.nullNode();
            case "number":
                return value.isNumber() ? value : NODES.nullNode();
            case "boolean":
                return value.isBoolean() ? value : NODES.nullNode();
            case "date":
                return NODES.textNode(age(value.asText()));
            default:
                return NODES.textNode(value.isValueNode() ? value.asText() : value.toString());
        }
    }

    private String age(String timestamp) {
        try {
            return Age.of(Duration.between(OffsetDateTime.parse(timestamp).toInstant(), clock.instant()));
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
    }

    private static ObjectNode column(String name, String type, String format, String description, int priority) {
        ObjectNode column = NODES.objectNode().put("name", name).put("type", type)
                .put("format", format == null ? "" : format)
                .put("description", description == null ? "" : description)
                .put("priority", priority);
        return column;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
