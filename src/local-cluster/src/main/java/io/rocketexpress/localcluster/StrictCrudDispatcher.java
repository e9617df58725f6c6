package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.HttpUrl;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The in-process API server's CRUD dispatcher, made to honour optimistic concurrency on the status
 * subresource as a real API server does: a PUT to {@code .../status} carrying a stale resourceVersion is
 * answered 409 Conflict. (The stock dispatcher takes the stored resourceVersion instead of the sent one,
 * so it never conflicts.) Writes are serialised so that the check and the write are one step.
 * <p>
 * It also answers the discovery paths ({@code /version}, {@code /api}, {@code /apis/...}) from what it
 * stores, see {@link Discovery}, so that kubectl can find our resources, and lists custom resources as the
 * Table kubectl asks for, see {@link ResourceTable}. Lists honour label and field selectors, and a watch
 * over plain HTTP is answered with a {@link WatchStream} fed from the log of every change the store makes
 * (see {@link Watches}); WebSocket watches are the stock dispatcher's.
 */
public class StrictCrudDispatcher extends KubernetesCrudDispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization KUBERNETES_JSON = new KubernetesSerialization();
    private static final String DEFINITIONS_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

    private final Discovery discovery = new Discovery(this::installedDefinitions);
    private final AccessControl access = new AccessControl();
    private final OpenApiDocuments openApi = new OpenApiDocuments(this::installedDefinitions);
    private final Admission admission = new Admission(openApi, this::storedObject);
    private final ServerSideApply serverSideApply = new ServerSideApply(openApi, this::storedObject, Clock.systemUTC());
    private final ChangeLog changes;
    private final Watches watches;
    private final NamedObjects named = new NamedObjects();
    /** The CRDs as last read, with the count of CRD writes they reflect: every write of any object needs them. */
    private volatile Definitions definitions;
    private final java.util.concurrent.atomic.AtomicLong definitionWrites = new java.util.concurrent.atomic.AtomicLong();

    private record Definitions(long writes, List<CustomResourceDefinition> installed) {
    }

    public StrictCrudDispatcher() {
        this(ChangeLog.DEFAULT_CAPACITY, Duration.ofMinutes(1));
    }

    /**
     * @param changesKept      how many changes a watch may start behind the newest one
     * @param bookmarkInterval how often a watch that allows bookmarks gets one
     */
    StrictCrudDispatcher(int changesKept, Duration bookmarkInterval) {
        changes = new ChangeLog(changesKept);
        watches = new Watches(changes, bookmarkInterval, this::getKey,
                path -> new String(handleGet(path).getBody().getBytes(), StandardCharsets.UTF_8), this::installedDefinitions);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        MockResponse refused = access.refusal(request);
        if (refused != null) {
            return refused;
        }
        MockResponse review = access.selfReview(request);
        if (review != null) {
            return review;
        }
        if (!"GET".equals(request.getMethod())) {
            MockResponse applied = serverSideApply.answer(request, this::write);
            return applied != null ? applied : write(request);
        }
        MockResponse answer = openApi.answer(request.getPath(), request.getHeader("Accept"));
        if (answer == null) {
            answer = discovery.answer(request.getPath());
        }
        if (answer != null) {
            return answer;
        }
        if (Watches.isStreamedWatch(request)) {
            return watches.watch(request);
        }
        MockResponse stored = watches.selectedList(request);
        if (stored == null) {
            stored = super.dispatch(request);
        }
        if (ResourceTable.requested(request.getHeader("Accept"))) {
            return asTable(request, stored);
        }
        return stored;
    }

    /** A write as the API server takes it: checked (see {@link Admission}), then stored. */
    private MockResponse write(RecordedRequest request) {
        Admission.Review review = admission.review(request);
        return review.refusal() != null ? review.refusal() : super.dispatch(review.toStore());
    }

    /** A custom resource listing as the Table kubectl asks for; anything else as the store answers it. */
    private MockResponse asTable(RecordedRequest request, MockResponse stored) {
        if (stored.code() != HttpURLConnection.HTTP_OK || stored.getWebSocketListener() != null) {
            return stored;
        }
        return ResourceTable.target(request.getPath())
                .flatMap(target -> ResourceTable.definition(target, installedDefinitions()))
                .map(version -> new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
                        .setHeader("Content-Type", "application/json")
                        .setBody(ResourceTable.of(version, Clock.systemUTC()).render(
                                new String(stored.getBody().getBytes(), StandardCharsets.UTF_8),
                                HttpUrl.parse("http://localhost" + request.getPath()).queryParameter("includeObject"))))
                .orElse(stored);
    }

    /** The object stored at a path, or null. */
    private String storedObject(String path) {
        MockResponse stored = handleGet(path);
        return stored.code() == HttpURLConnection.HTTP_OK ? new String(stored.getBody().getBytes(), StandardCharsets.UTF_8) : null;
    }

    /**
     * The CRDs as stored now, created by whoever: the cluster's own answer, not the ones we started with. Read
     * again only after a CRD was written; callers must not change them.
     */
    List<CustomResourceDefinition> installedDefinitions() {
        long writes = definitionWrites.get();
        Definitions known = definitions;
        if (known != null && known.writes() == writes) {
            return known.installed();
        }
        MockResponse list = super.handleGet(DEFINITIONS_PATH);
        String body = new String(list.getBody().getBytes(), StandardCharsets.UTF_8);
        List<CustomResourceDefinition> installed = List.copyOf(
                KUBERNETES_JSON.unmarshal(body, CustomResourceDefinitionList.class).getItems());
        definitions = new Definitions(writes, installed);
        return installed;
    }

    /** One object is found by its name, not by comparing the request with every object stored. */
    @Override
    public MockResponse handleGet(String path) {
        if (!path.contains("watch")) {
            Optional<List<Map.Entry<AttributeSet, String>>> found = named.find(attributeExtractor.fromPath(path));
            if (found.isPresent()) {
                return found.get().isEmpty() ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
                        : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
                        .setBody(found.get().get(0).getValue());
            }
        }
        return super.handleGet(path);
    }

    /** What a write is about, found by its name (see {@link NamedObjects}). */
    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        Optional<List<Map.Entry<AttributeSet, String>>> found = named.find(query);
        if (found.isEmpty()) {
            return super.findResource(query);
        }
        return found.get().stream().filter(entry -> map.containsKey(entry.getKey())).findFirst()
                .map(entry -> Map.entry(entry.getKey(), map.get(entry.getKey())))
                .orElse(null);
    }

    @Override
    public void reset() {
        super.reset();
        named.clear();
        definitionWrites.incrementAndGet();
    }

    @Override
    public synchronized MockResponse handleUpdate(RecordedRequest request) {
        String path = request.getPath();
        String resourcePath = path.split("\\?", 2)[0];
        if (resourcePath.endsWith("/status")) {
            String sent = version(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
            Map.Entry<?, String> current = findResource(getKey(resourcePath.substring(0, resourcePath.length() - 7)));
            if (current != null && !sent.isEmpty() && !sent.equals(version(current.getValue()))) {
                return FailureStatus.response(HttpURLConnection.HTTP_CONFLICT, "Conflict",
                        "the object has been modified; please apply your changes to the latest version");
            }
        }
        return super.handleUpdate(withoutQueryOnStatus(request));
    }

    @Override
    public synchronized MockResponse handlePatch(RecordedRequest request) {
        return super.handlePatch(withoutQueryOnStatus(request));
    }

    /**
     * The stock handlers tell a status write by the path's ending, so a query such as kubectl's
     * {@code ?fieldManager=kubectl-patch} made them write the main resource and keep the old status.
     */
    private static RecordedRequest withoutQueryOnStatus(RecordedRequest request) {
        String[] pathAndQuery = request.getPath().split("\\?", 2);
        if (pathAndQuery.length == 1 || !pathAndQuery[0].endsWith("/status")) {
            return request;
        }
        return new RecordedRequest(request.getHttpVersion(), request.method(), pathAndQuery[0],
                request.getHeaders(), request.getBody());
    }

    /** Every write reaches the store through here (under the store's write lock): the change is logged for the watches. */
    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             GenericKubernetesResource resource, String newState) {
        String existing = oldAttributes == null ? null : map.get(oldAttributes);
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        if (oldAttributes != null) {
            named.removed(oldAttributes);
        }
        if (newState != null) {
            named.stored(storedKey(pathAttributes, resource, newState), newState);
        }
        if (path.contains("customresourcedefinitions")) {
            definitionWrites.incrementAndGet();
        }
        if (Objects.equals(existing, newState)) {
            return;
        }
        AttributeSet newKey = null;
        long version;
        if (newState != null) {
            newKey = attributeExtractor.fromResource(newState);
            if (!newKey.containsKey(KubernetesAttributesExtractor.PLURAL)) {
                newKey = AttributeSet.merge(pathAttributes, newKey);
            }
            version = Long.parseLong(version(newState));
        } else {
            version = requestResourceVersion(); // a removal is a write of its own, as in etcd
        }
        changes.record(new ChangeLog.Change(version, oldAttributes, existing, newKey, newState));
    }

    /** The key the stock store keeps a written object under, worked out as it does. */
    private AttributeSet storedKey(AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
        AttributeSet key = resource != null && attributeExtractor instanceof KubernetesAttributesExtractor kubernetes
                ? kubernetes.extract(resource) : attributeExtractor.fromResource(newState);
        return key.containsKey(KubernetesAttributesExtractor.PLURAL) ? key : AttributeSet.merge(pathAttributes, key);
    }

    @Override
    public synchronized MockResponse handleCreate(RecordedRequest request) {
        return super.handleCreate(request);
    }

    private static String version(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node.path("metadata").path("resourceVersion").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
