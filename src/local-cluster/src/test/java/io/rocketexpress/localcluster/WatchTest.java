package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Watches over plain HTTP as the API server streams them, and fabric8's WebSocket watches beside them. */
class WatchTest {

    private static final String API = "/apis/rocketexpress.io/v1alpha1";

    private static LocalCluster cluster;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        cluster = new LocalCluster(new StrictCrudDispatcher(ChangeLog.DEFAULT_CAPACITY, Duration.ofMillis(200)));
        kubectl = new Kubectl(cluster);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aWatchStreamsEveryChangeAsChunkedJsonLinesFromTheListedVersion() {
        String vehicles = API + "/namespaces/streamed/vehicles";
        create(vehicles, "xzy-1-001", Map.of());
        String listed = kubectl.get(vehicles, Kubectl.JSON).body().replaceAll("(?s).*\"resourceVersion\":\"(\\d+)\".*", "$1");

        try (WatchLines watch = WatchLines.open(cluster, vehicles + "?watch=true&resourceVersion=" + listed)) {
            assertThat(watch.response().statusCode()).isEqualTo(200);
            assertThat(watch.response().headers().firstValue("Transfer-Encoding")).contains("chunked");
            assertThat(watch.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));

            create(vehicles, "xzy-1-002", Map.of());
            JsonNode added = watch.next();
            assertThat(added.path("type").asText()).isEqualTo("ADDED");
            assertThat(added.path("object").path("kind").asText()).isEqualTo("Vehicle");
            assertThat(added.path("object").path("metadata").path("name").asText()).isEqualTo("xzy-1-002");

            kubectl.mergePatch(vehicles + "/xzy-1-001", "{\"spec\":{\"grounded\":true}}");
            JsonNode modified = watch.next();
            assertThat(modified.path("type").asText()).isEqualTo("MODIFIED");
            assertThat(modified.path("object").path("spec").path("grounded").asBoolean()).isTrue();

            vehicleClient("streamed").withName("xzy-1-002").delete();
            JsonNode deleted = watch.next();
            assertThat(deleted.path("type").asText()).isEqualTo("DELETED");
            assertThat(deleted.path("object").path("metadata").path("name").asText()).isEqualTo("xzy-1-002");
            assertThat(Long.parseLong(deleted.path("object").path("metadata").path("resourceVersion").asText()))
                    .isGreaterThan(Long.parseLong(modified.path("object").path("metadata").path("resourceVersion").asText()));
        }
    }

    @Test
    void aWatchWithoutAVersionStartsWithWhatIsStoredNow() {
        String vehicles = API + "/namespaces/initial/vehicles";
        create(vehicles, "xzy-1-010", Map.of());
        create(vehicles, "xzy-1-011", Map.of());

        try (WatchLines watch = WatchLines.open(cluster, vehicles + "?watch=true")) {
            assertThat(watch.nextSummary()).isIn("ADDED xzy-1-010", "ADDED xzy-1-011");
            assertThat(watch.nextSummary()).isIn("ADDED xzy-1-010", "ADDED xzy-1-011");
            create(vehicles, "xzy-1-012", Map.of());
            assertThat(watch.nextSummary()).isEqualTo("ADDED xzy-1-012");
        }
    }

    @Test
    void aWatchFromAnEarlierVersionReplaysTheChangesMadeSince() {
        String vehicles = API + "/namespaces/replayed/vehicles";
        JsonNode first = create(vehicles, "xzy-1-020", Map.of());
        create(vehicles, "xzy-1-021", Map.of());
        kubectl.mergePatch(vehicles + "/xzy-1-020", "{\"spec\":{\"grounded\":true}}");

        try (WatchLines watch = WatchLines.open(cluster,
                vehicles + "?watch=1&resourceVersion=" + first.path("metadata").path("resourceVersion").asText())) {
            assertThat(watch.nextSummary()).isEqualTo("ADDED xzy-1-021");
            assertThat(watch.nextSummary()).isEqualTo("MODIFIED xzy-1-020");
        }
    }

    @Test
    void aVersionNoLongerHeldIsAnsweredWithAnExpiredStatus() {
        try (LocalCluster small = new LocalCluster(new StrictCrudDispatcher(2, Duration.ofMinutes(1)))) {
            Kubectl http = new Kubectl(small);
            String vehicles = API + "/namespaces/compacted/vehicles";
            JsonNode first = new Kubectl.Created(http.post(vehicles, vehicle("xzy-1-030", Map.of()))).object();
            for (int i = 1; i <= 3; i++) {
                http.post(vehicles, vehicle("xzy-1-03" + i, Map.of()));
            }

            try (WatchLines watch = WatchLines.open(small,
                    vehicles + "?watch=true&resourceVersion=" + first.path("metadata").path("resourceVersion").asText())) {
                JsonNode error = watch.next();
                assertThat(error.path("type").asText()).isEqualTo("ERROR");
                assertThat(error.path("object").path("kind").asText()).isEqualTo("Status");
                assertThat(error.path("object").path("code").asInt()).isEqualTo(410);
                assertThat(error.path("object").path("reason").asText()).isEqualTo("Expired");
                assertThat(error.path("object").path("message").asText()).startsWith("too old resource version");
                await().atMost(Duration.ofSeconds(10)).until(watch::ended);
            }
        }
    }

    @Test
    void aLabelSelectorWatchSeesObjectsEnterAndLeaveTheSelection() {
        String vehicles = API + "/namespaces/labelled/vehicles";
        create(vehicles, "xzy-1-040", Map.of("rocketexpress.io/home-region", "hangzhou"));
        create(vehicles, "xzy-1-041", Map.of("rocketexpress.io/home-region", "dubai"));

        try (WatchLines watch = WatchLines.open(cluster,
                vehicles + "?watch=true&labelSelector=rocketexpress.io%2Fhome-region%3Dhangzhou")) {
            assertThat(watch.nextSummary()).isEqualTo("ADDED xzy-1-040");
            kubectl.mergePatch(vehicles + "/xzy-1-041", "{\"metadata\":{\"labels\":{\"rocketexpress.io/home-region\":\"hangzhou\"}}}");
            assertThat(watch.nextSummary()).isEqualTo("ADDED xzy-1-041");
            kubectl.mergePatch(vehicles + "/xzy-1-040", "{\"metadata\":{\"labels\":{\"rocketexpress.io/home-region\":\"liege\"}}}");
            assertThat(watch.nextSummary()).isEqualTo("DELETED xzy-1-040");
            create(vehicles, "xzy-1-042", Map.of("rocketexpress.io/home-region", "dubai"));
            kubectl.mergePatch(vehicles + "/xzy-1-041", "{\"spec\":{\"grounded\":true}}");
            assertThat(watch.nextSummary()).isEqualTo("MODIFIED xzy-1-041");
        }
    }

    @Test
    void aFieldSelectorWatchFollowsOneObjectOfOneNamespace() {
        create(API + "/namespaces/fields-a/vehicles", "xzy-1-050", Map.of());
        create(API + "/namespaces/fields-b/vehicles", "xzy-1-050", Map.of());
        create(API + "/namespaces/fields-a/vehicles", "xzy-1-051", Map.of());

        try (WatchLines watch = WatchLines.open(cluster, API
                + "/vehicles?watch=true&fieldSelector=metadata.name%3Dxzy-1-050,metadata.namespace%3Dfields-a")) {
            JsonNode only = watch.next();
            assertThat(only.path("object").path("metadata").path("namespace").asText()).isEqualTo("fields-a");
            assertThat(only.path("object").path("metadata").path("name").asText()).isEqualTo("xzy-1-050");
            kubectl.mergePatch(API + "/namespaces/fields-a/vehicles/xzy-1-051", "{\"spec\":{\"grounded\":true}}");
            kubectl.mergePatch(API + "/namespaces/fields-b/vehicles/xzy-1-050", "{\"spec\":{\"grounded\":true}}");
            kubectl.mergePatch(API + "/namespaces/fields-a/vehicles/xzy-1-050", "{\"spec\":{\"grounded\":true}}");
            JsonNode modified = watch.next();
            assertThat(modified.path("type").asText()).isEqualTo("MODIFIED");
            assertThat(modified.path("object").path("metadata").path("namespace").asText()).isEqualTo("fields-a");
            assertThat(watch.hasNoPendingEvent()).isTrue();
        }
    }

    @Test
    void anUnsupportedFieldSelectorIsRefused() {
        var response = kubectl.get(API + "/namespaces/fields/vehicles?watch=true&fieldSelector=spec.model%3DXZY-1", Kubectl.JSON);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("field label not supported: spec.model");
    }

    @Test
    void bookmarksCarryTheVersionTheWatchHasReached() {
        String vehicles = API + "/namespaces/bookmarked/vehicles";
        JsonNode created = create(vehicles, "xzy-1-060", Map.of());
        String version = created.path("metadata").path("resourceVersion").asText();

        try (WatchLines watch = WatchLines.open(cluster, vehicles + "?watch=true&allowWatchBookmarks=true&resourceVersion=" + version)) {
            JsonNode bookmark = watch.next();
            assertThat(bookmark.path("type").asText()).isEqualTo("BOOKMARK");
            assertThat(bookmark.path("object").path("kind").asText()).isEqualTo("Vehicle");
            assertThat(bookmark.path("object").path("apiVersion").asText()).isEqualTo("rocketexpress.io/v1alpha1");
            assertThat(Long.parseLong(bookmark.path("object").path("metadata").path("resourceVersion").asText()))
                    .isGreaterThanOrEqualTo(Long.parseLong(version));
        }
    }

    @Test
    void initialEventsEndWithABookmarkWhenAskedFor() {
        String vehicles = API + "/namespaces/watch-list/vehicles";
        create(vehicles, "xzy-1-070", Map.of());

        try (WatchLines watch = WatchLines.open(cluster, vehicles
                + "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true")) {
            assertThat(watch.nextSummary()).isEqualTo("ADDED xzy-1-070");
            JsonNode end = watch.next();
            assertThat(end.path("type").asText()).isEqualTo("BOOKMARK");
            assertThat(end.path("object").path("metadata").path("annotations").path(WatchStream.INITIAL_EVENTS_END).asText())
                    .isEqualTo("true");
        }
    }

    @Test
    void aWatchEndsWhenItsTimeoutIsUp() {
        try (WatchLines watch = WatchLines.open(cluster, API + "/namespaces/timed/vehicles?watch=true&timeoutSeconds=1")) {
            await().atMost(Duration.ofSeconds(10)).until(watch::ended);
        }
    }

    @Test
    void kubectlsTableWatchGetsRowsWithColumnsOnlyInTheFirstEvent() {
        String launches = API + "/namespaces/table-watch/launches";
        kubectl.post(launches, launch("hgh-dxb-0600"));

        try (WatchLines watch = WatchLines.open(cluster, launches + "?watch=true", Kubectl.TABLE_ACCEPT)) {
            JsonNode first = watch.next();
            assertThat(first.path("object").path("kind").asText()).isEqualTo("Table");
            assertThat(first.path("object").path("columnDefinitions").get(1).path("name").asText()).isEqualTo("Phase");
            assertThat(first.path("object").path("rows").get(0).path("cells").get(0).asText()).isEqualTo("hgh-dxb-0600");
            kubectl.mergePatch(launches + "/hgh-dxb-0600/status", "{\"status\":{\"phase\":\"Scheduled\"}}");
            JsonNode next = watch.next();
            assertThat(next.path("type").asText()).isEqualTo("MODIFIED");
            assertThat(next.path("object").has("columnDefinitions")).isFalse();
            assertThat(next.path("object").path("rows").get(0).path("cells").get(1).asText()).isEqualTo("Scheduled");
        }
    }

    @Test
    void clientsWatchingOverWebSocketStillSeeChanges() throws Exception {
        NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                vehicles = vehicleClient("watched");
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (Watch ignored = vehicles.watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                seen.add(action + " " + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            vehicles.resource(new GenericKubernetesResourceBuilder()
                    .withApiVersion("rocketexpress.io/v1alpha1").withKind("Vehicle")
                    .withNewMetadata().withName("xzy-1-001").endMetadata()
                    .addToAdditionalProperties("spec", Map.of("homeRegion", "hangzhou")).build()).create();

            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("ADDED xzy-1-001");
        }
    }

    @Test
    void fabric8InformersStillFollowTheStore() {
        var vehicles = vehicleClient("informed");
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (SharedIndexInformer<GenericKubernetesResource> informer = vehicles.inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource resource) {
                seen.add("add " + resource.getMetadata().getName());
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                seen.add("update " + after.getMetadata().getName());
            }

            @Override
            public void onDelete(GenericKubernetesResource resource, boolean unknownFinalState) {
                seen.add("delete " + resource.getMetadata().getName());
            }
        })) {
            create(API + "/namespaces/informed/vehicles", "xzy-1-080", Map.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("add xzy-1-080"));
            kubectl.mergePatch(API + "/namespaces/informed/vehicles/xzy-1-080", "{\"spec\":{\"grounded\":true}}");
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("update xzy-1-080"));
            vehicles.withName("xzy-1-080").delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("delete xzy-1-080"));
        }
    }

    private static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            vehicleClient(String namespace) {
        return cluster.client().genericKubernetesResources("rocketexpress.io/v1alpha1", "Vehicle").inNamespace(namespace);
    }

    private static JsonNode create(String collection, String name, Map<String, String> labels) {
        return new Kubectl.Created(kubectl.post(collection, vehicle(name, labels))).object();
    }

    static String vehicle(String name, Map<String, String> labels) {
        StringBuilder json = new StringBuilder("{");
        labels.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(v).append('"'));
        return """
                {"apiVersion":"rocketexpress.io/v1alpha1","kind":"Vehicle","metadata":{"name":"%s","labels":%s},
                 "spec":{"homeRegion":"hangzhou"}}""".formatted(name, json.append("}"));
    }

    static String launch(String name) {
        return """
                {"apiVersion":"rocketexpress.io/v1alpha1","kind":"Launch","metadata":{"name":"%s"},
                 "spec":{"origin":"hangzhou","destination":"dubai",
                         "window":{"opensAt":"2026-12-01T06:00:00Z","closesAt":"2026-12-01T07:00:00Z"}}}""".formatted(name);
    }
}
