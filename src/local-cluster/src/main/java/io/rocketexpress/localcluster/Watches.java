package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.HttpUrl;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Turns watch requests into {@link WatchStream}s and applies label and field selectors to lists: the
 * read side of the store as the API server serves it. Paths are read as the API server reads them:
 * {@code /api/v1[/namespaces/{ns}]/{plural}[/{name}]} and {@code /apis/{group}/{version}[/namespaces/{ns}]/{plural}[/{name}]}.
 */
final class Watches {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The parts of a resource path. {@code group} is empty for the core group; {@code name} is null for a collection. */
    record ResourcePath(String group, String version, String namespace, String plural, String name) {

        static Optional<ResourcePath> parse(String path) {
            String[] s = Arrays.stream(path.split("\\?", 2)[0].split("/")).filter(p -> !p.isEmpty()).toArray(String[]::new);
            int at;
            String group;
            if (s.length >= 3 && "api".equals(s[0])) {
                group = "";
                at = 2;
            } else if (s.length >= 4 && "apis".equals(s[0])) {
                group = s[1];
                at = 3;
            } else {
                return Optional.empty();
            }
            String version = s[at - 1];
            int rest = s.length - at;
            if (rest >= 3 && "namespaces".equals(s[at])) {
                return rest > 4 ? Optional.empty()
                        : Optional.of(new ResourcePath(group, version, s[at + 1], s[at + 2], rest == 4 ? s[at + 3] : null));
            }
            return rest > 2 ? Optional.empty()
                    : Optional.of(new ResourcePath(group, version, null, s[at], rest == 2 ? s[at + 1] : null));
        }

        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }

        String collectionPath() {
            return (group.isEmpty() ? "/api/" : "/apis/" + group + "/") + version
                    + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural;
        }
    }

    private final ChangeLog changes;
    private final Duration bookmarkInterval;
    private final Function<String, AttributeSet> keyOfPath;
    private final Function<String, String> storedList;
    private final Supplier<List<CustomResourceDefinition>> definitions;

    /**
     * @param keyOfPath  the store's key for a path, which the keys of the objects under it match
     * @param storedList the store's list of a collection path, selectors not applied
     */
    Watches(ChangeLog changes, Duration bookmarkInterval, Function<String, AttributeSet> keyOfPath,
            Function<String, String> storedList, Supplier<List<CustomResourceDefinition>> definitions) {
        this.changes = changes;
        this.bookmarkInterval = bookmarkInterval;
        this.keyOfPath = keyOfPath;
        this.storedList = storedList;
        this.definitions = definitions;
    }

    /** True for a GET that watches over plain HTTP rather than through a WebSocket upgrade. */
    static boolean isStreamedWatch(RecordedRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return "GET".equals(request.getMethod())
                && (upgrade == null || !upgrade.toLowerCase().contains("websocket"))
                && WatchStream.isWatch(url(request.getPath()));
    }

    /** The stream that answers a streamed watch, or the error the API server would give. */
    MockResponse watch(RecordedRequest request) {
        HttpUrl url = url(request.getPath());
        Optional<ResourcePath> parsed = ResourcePath.parse(request.getPath());
        if (parsed.isEmpty()) {
            return FailureStatus.response(HttpURLConnection.HTTP_NOT_FOUND, "NotFound", "the server could not find the requested resource");
        }
        ResourcePath path = parsed.get();
        String fieldSelector = url.queryParameter("fieldSelector");
        if (path.name() != null) {
            String byName = "metadata.name=" + path.name();
            fieldSelector = fieldSelector == null || fieldSelector.isBlank() ? byName : fieldSelector + "," + byName;
        }
        Selector selector;
        try {
            selector = Selector.of(url.queryParameter("labelSelector"), fieldSelector);
        } catch (Selector.Invalid e) {
            return FailureStatus.response(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", e.getMessage());
        }
        String timeout = url.queryParameter("timeoutSeconds");
        WatchStream.Request watch = new WatchStream.Request(keyOfPath.apply(path.collectionPath()), selector,
                url.queryParameter("resourceVersion"), "true".equals(url.queryParameter("sendInitialEvents")),
                "true".equals(url.queryParameter("allowWatchBookmarks")),
                timeout == null || timeout.isBlank() ? null : Duration.ofSeconds(Long.parseLong(timeout)));
        UnaryOperator<JsonNode> table = null;
        if (ResourceTable.requested(request.getHeader("Accept"))) {
            table = ResourceTable.definition(new ResourceTable.Target(path.group(), path.version(), path.plural()), definitions.get())
                    .map(version -> ResourceTable.of(version, Clock.systemUTC()))
                    .<UnaryOperator<JsonNode>>map(rows -> object -> read(rows.render(object.toString(), url.queryParameter("includeObject"))))
                    .orElse(null);
        }
        return new WatchStream(watch, new WatchStream.Source(() -> storedList.apply(path.collectionPath()), changes,
                path.groupVersion(), kind(path), table, bookmarkInterval));
    }

    /**
     * A stored list with the request's label and field selectors applied, or null when the request lists
     * nothing or selects everything (the store's answer stands).
     */
    MockResponse selectedList(RecordedRequest request) {
        HttpUrl url = url(request.getPath());
        String labels = url.queryParameter("labelSelector");
        String fields = url.queryParameter("fieldSelector");
        if ((labels == null || labels.isBlank()) && (fields == null || fields.isBlank())) {
            return null;
        }
        Optional<ResourcePath> path = ResourcePath.parse(request.getPath());
        if (path.isEmpty() || path.get().name() != null) {
            return null;
        }
        Selector selector;
        try {
            selector = Selector.of(labels, fields);
        } catch (Selector.Invalid e) {
            return FailureStatus.response(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", e.getMessage());
        }
        JsonNode list = read(storedList.apply(path.get().collectionPath()));
        if (list.has("items")) {
            ArrayNode items = (ArrayNode) list.get("items");
            for (int i = items.size() - 1; i >= 0; i--) {
                if (!selector.matches(items.get(i))) {
                    items.remove(i);
                }
            }
        }
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
                .setHeader("Content-Type", "application/json").setBody(list.toString());
    }

    /** The kind a collection holds, for its bookmarks: from the CRDs, else from the built-in catalogue. */
    private String kind(ResourcePath path) {
        for (CustomResourceDefinition crd : definitions.get()) {
            if (crd.getSpec().getGroup().equals(path.group()) && crd.getSpec().getNames().getPlural().equals(path.plural())) {
                return crd.getSpec().getNames().getKind();
            }
        }
        Map<String, List<APIResource>> builtIn = BuiltInApis.byGroupVersion();
        return builtIn.getOrDefault(path.groupVersion(), List.of()).stream()
                .filter(resource -> resource.getName().equals(path.plural()))
                .map(APIResource::getKind).findFirst().orElse("");
    }

    private static HttpUrl url(String path) {
        return HttpUrl.parse("http://localhost" + path);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
