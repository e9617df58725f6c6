package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kubectl get} on our resources: the Table it asks for, with the columns our CRDs declare. */
class TableListingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LAUNCHES = "/apis/rocketexpress.io/v1alpha1/namespaces/tables/launches";
    private static final String VEHICLES = "/apis/rocketexpress.io/v1alpha1/namespaces/tables/vehicles";

    private static LocalCluster cluster;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        cluster = new LocalCluster();
        kubectl = new Kubectl(cluster);
        created(kubectl.post(LAUNCHES, launch("hgh-lgg-0900", "hangzhou", "liege", "2026-12-01T09:00:00Z")));
        created(kubectl.post(LAUNCHES, launch("hgh-dxb-0600", "hangzhou", "dubai", "2026-12-01T06:00:00Z")));
        created(kubectl.post(VEHICLES, """
                {"apiVersion":"rocketexpress.io/v1alpha1","kind":"Vehicle",
                 "metadata":{"name":"xzy-1-001","labels":{"rocketexpress.io/home-region":"hangzhou"}},
                 "spec":{"homeRegion":"hangzhou"}}"""));
        created(kubectl.post(VEHICLES, """
                {"apiVersion":"rocketexpress.io/v1alpha1","kind":"Vehicle","metadata":{"name":"xzy-1-002"},
                 "spec":{"homeRegion":"hangzhou"}}"""));
        assertThat(kubectl.mergePatch(VEHICLES + "/xzy-1-001/status", """
                {"status":{"phase":"Available","region":"hangzhou","flights":3,
                 "conditions":[{"type":"Reserved","status":"False"},{"type":"Ready","status":"True"}]}}""")
                .statusCode()).isLessThan(300);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void launchesListAsATableWithTheirPrinterColumns() {
        JsonNode table = table(LAUNCHES);

        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(texts(table.path("columnDefinitions"), "name"))
                .containsExactly("Name", "Phase", "Vehicle", "Origin", "Destination", "Opens", "Age");
        assertThat(table.path("columnDefinitions").get(0).path("format").asText()).isEqualTo("name");
        assertThat(table.path("rows")).hasSize(2);
        JsonNode cells = row(table, "hgh-dxb-0600").path("cells");
        assertThat(cells.get(1).isNull()).as("no phase yet").isTrue();
        assertThat(cells.get(3).asText()).isEqualTo("hangzhou");
        assertThat(cells.get(4).asText()).isEqualTo("dubai");
        assertThat(cells.get(5).asText()).isEqualTo("2026-12-01T06:00:00Z");
        assertThat(cells.get(6).asText()).matches("\\d+s");
    }

    @Test
    void aVehiclesReadyColumnReadsItsReadyCondition() {
        JsonNode table = table(VEHICLES);

        assertThat(texts(table.path("columnDefinitions"), "name"))
                .containsExactly("Name", "Phase", "Region", "Flights", "Ready", "Age");
        JsonNode ready = row(table, "xzy-1-001").path("cells");
        assertThat(ready.get(1).asText()).isEqualTo("Available");
        assertThat(ready.get(2).asText()).isEqualTo("hangzhou");
        assertThat(ready.get(3).isIntegralNumber()).isTrue();
        assertThat(ready.get(3).asInt()).isEqualTo(3);
        assertThat(ready.get(4).asText()).isEqualTo("True");
        assertThat(row(table, "xzy-1-002").path("cells").get(4).isNull()).isTrue();
    }

    @Test
    void rowsComeInNameOrderAsFromARealServer() {
        JsonNode rows = table(LAUNCHES).path("rows");

        assertThat(List.of(rows.get(0).path("cells").get(0).asText(), rows.get(1).path("cells").get(0).asText()))
                .containsExactly("hgh-dxb-0600", "hgh-lgg-0900");
    }

    @Test
    void oneLaunchGetsATableOfOneRow() {
        JsonNode table = table(LAUNCHES + "/hgh-lgg-0900");

        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("rows")).hasSize(1);
        assertThat(table.path("rows").get(0).path("cells").get(4).asText()).isEqualTo("liege");
    }

    @Test
    void rowsCarryMetadataByDefaultAndTheWholeObjectWhenAsked() {
        JsonNode byDefault = row(table(VEHICLES), "xzy-1-001").path("object");
        assertThat(byDefault.path("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(byDefault.path("metadata").path("namespace").asText()).isEqualTo("tables");
        assertThat(byDefault.path("metadata").path("labels").path("rocketexpress.io/home-region").asText())
                .isEqualTo("hangzhou");
        assertThat(byDefault.has("spec")).isFalse();

        JsonNode whole = row(table(VEHICLES + "?includeObject=Object"), "xzy-1-001").path("object");
        assertThat(whole.path("kind").asText()).isEqualTo("Vehicle");
        assertThat(whole.path("spec").path("homeRegion").asText()).isEqualTo("hangzhou");

        assertThat(row(table(VEHICLES + "?includeObject=None"), "xzy-1-001").has("object")).isFalse();
    }

    @Test
    void allNamespacesAndEmptyNamespacesListAsTablesToo() {
        JsonNode everywhere = table("/apis/rocketexpress.io/v1alpha1/launches");
        assertThat(everywhere.path("rows")).hasSize(2);

        JsonNode empty = table("/apis/rocketexpress.io/v1alpha1/namespaces/nobody/launches");
        assertThat(empty.path("kind").asText()).isEqualTo("Table");
        assertThat(empty.path("rows")).isEmpty();
    }

    @Test
    void plainJsonRequestsStillGetTheStoredObjects() {
        HttpResponse<String> response = kubectl.get(LAUNCHES + "/hgh-dxb-0600", Kubectl.JSON);

        JsonNode launch = read(response.body());
        assertThat(launch.path("kind").asText()).isEqualTo("Launch");
        assertThat(launch.path("spec").path("destination").asText()).isEqualTo("dubai");
        assertThat(read(kubectl.get(LAUNCHES, Kubectl.JSON).body()).path("items")).hasSize(2);
    }

    @Test
    void aMissingLaunchIsStillNotFound() {
        assertThat(kubectl.get(LAUNCHES + "/nowhere", Kubectl.TABLE_ACCEPT).statusCode()).isEqualTo(404);
    }

    private static JsonNode table(String path) {
        HttpResponse<String> response = kubectl.get(path, Kubectl.TABLE_ACCEPT);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return read(response.body());
    }

    private static JsonNode row(JsonNode table, String name) {
        for (JsonNode row : table.path("rows")) {
            if (row.path("cells").get(0).asText().equals(name)) {
                return row;
            }
        }
        throw new AssertionError(name + " not in " + table);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.path(field).asText()));
        return texts;
    }

    private static String launch(String name, String origin, String destination, String opensAt) {
        return """
                {"apiVersion":"rocketexpress.io/v1alpha1","kind":"Launch","metadata":{"name":"%s"},
                 "spec":{"origin":"%s","destination":"%s","window":{"opensAt":"%s","closesAt":"2026-12-31T00:00:00Z"}}}"""
                .formatted(name, origin, destination, opensAt);
    }

    private static void created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
