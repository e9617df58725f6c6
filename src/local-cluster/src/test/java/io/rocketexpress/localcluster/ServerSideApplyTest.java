package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Server-side apply of our custom resources, with field ownership between appliers. */
class ServerSideApplyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LAUNCHES = "/apis/rocketexpress.io/v1alpha1/namespaces/applied/launches";

    private static LocalCluster cluster;
    private static Kubectl kubectl;

    @BeforeAll
    static void start() {
        cluster = new LocalCluster();
        kubectl = new Kubectl(cluster);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void anApplyCreatesTheObjectAndRecordsWhatItsManagerOwns() throws Exception {
        HttpResponse<String> response = apply("hgh-dxb-0600", "alice", false, launch("hgh-dxb-0600", "dubai", "vehicle: xzy-1-001"));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode stored = stored("hgh-dxb-0600");
        assertThat(stored.path("spec").path("vehicle").asText()).isEqualTo("xzy-1-001");
        JsonNode entry = stored.path("metadata").path("managedFields").get(0);
        assertThat(entry.path("manager").asText()).isEqualTo("alice");
        assertThat(entry.path("operation").asText()).isEqualTo("Apply");
        assertThat(entry.path("fieldsV1").path("f:spec").path("f:window").has("f:opensAt")).isTrue();
    }

    @Test
    void reapplyingWithoutAFieldRemovesIt() throws Exception {
        apply("hgh-dxb-0700", "alice", false, launch("hgh-dxb-0700", "dubai", "vehicle: xzy-1-001"));

        HttpResponse<String> response = apply("hgh-dxb-0700", "alice", false, launch("hgh-dxb-0700", "dubai", ""));

        assertThat(response.statusCode()).isLessThan(300);
        assertThat(stored("hgh-dxb-0700").path("spec").has("vehicle")).isFalse();
    }

    @Test
    void anotherManagerChangingAnOwnedFieldConflictsUnlessItForces() throws Exception {
        apply("hgh-dxb-0800", "alice", false, launch("hgh-dxb-0800", "dubai", ""));

        HttpResponse<String> conflict = apply("hgh-dxb-0800", "bob", false, launch("hgh-dxb-0800", "liege", ""));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(conflict.body()).path("message").asText())
                .startsWith("Apply failed with 1 conflict: conflict with \"alice\": .spec.destination");

        HttpResponse<String> sameValue = apply("hgh-dxb-0800", "carol", false, launch("hgh-dxb-0800", "dubai", ""));
        assertThat(sameValue.statusCode()).isLessThan(300);

        HttpResponse<String> forced = apply("hgh-dxb-0800", "bob", true, launch("hgh-dxb-0800", "liege", ""));
        assertThat(forced.statusCode()).isLessThan(300);
        JsonNode stored = stored("hgh-dxb-0800");
        assertThat(stored.path("spec").path("destination").asText()).isEqualTo("liege");
        JsonNode alice = null;
        for (JsonNode entry : stored.path("metadata").path("managedFields")) {
            if ("alice".equals(entry.path("manager").asText())) {
                alice = entry;
            }
        }
        assertThat(alice).isNotNull();
        assertThat(alice.path("fieldsV1").path("f:spec").has("f:destination")).isFalse();
        assertThat(alice.path("fieldsV1").path("f:spec").has("f:origin")).isTrue();
    }

    @Test
    void anApplyIsCheckedLikeAnyWrite() throws Exception {
        HttpResponse<String> sameRegions = apply("hgh-hgh-0600", "alice", false, launch("hgh-hgh-0600", "hangzhou", ""));

        assertThat(sameRegions.statusCode()).isEqualTo(422);
        assertThat(sameRegions.body()).contains("origin and destination must be different regions");
    }

    @Test
    void anApplyNeedsAFieldManager() throws Exception {
        HttpResponse<String> response = send(LAUNCHES + "/hgh-dxb-0900", launch("hgh-dxb-0900", "dubai", ""));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("fieldManager: Required value");
    }

    private static HttpResponse<String> apply(String name, String manager, boolean force, String yaml) throws Exception {
        return send(LAUNCHES + "/" + name + "?fieldManager=" + manager + (force ? "&force=true" : ""), yaml);
    }

    private static HttpResponse<String> send(String path, String yaml) throws Exception {
        String server = cluster.client().getMasterUrl().toString().replaceAll("/$", "");
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(server + path)).header("Content-Type", ServerSideApply.CONTENT_TYPE)
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(yaml)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode stored(String name) throws Exception {
        return JSON.readTree(kubectl.get(LAUNCHES + "/" + name, Kubectl.JSON).body());
    }

    private static String launch(String name, String destination, String extraSpecLine) {
        return """
                apiVersion: rocketexpress.io/v1alpha1
                kind: Launch
                metadata:
                  name: %s
                spec:
                  origin: hangzhou
                  destination: %s
                  window:
                    opensAt: "2026-12-01T06:00:00Z"
                    closesAt: "2026-12-01T07:00:00Z"
                  %s
                """.formatted(name, destination, extraSpecLine);
    }
}
