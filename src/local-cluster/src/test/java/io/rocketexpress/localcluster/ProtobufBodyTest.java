package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Built-in kinds written in protobuf, as kubectl writes them ({@code kubectl create secret ...}). */
class ProtobufBodyTest {

    private static LocalCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new LocalCluster();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aSecretWrittenInProtobufIsStoredAndAnsweredInJson() throws Exception {
        byte[] metadata = concat(string(1, "region-dubai"), message(11, concat(string(1, "app"), string(2, "rocket-express"))));
        byte[] secret = concat(message(1, metadata), message(2, concat(string(1, "kubeconfig"), string(2, "apiVersion: v1"))),
                string(3, "Opaque"));

        HttpResponse<String> response = post("/api/v1/namespaces/proto/secrets", envelope("Secret", secret));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode stored = new ObjectMapper().readTree(new Kubectl(cluster).get("/api/v1/namespaces/proto/secrets/region-dubai", Kubectl.JSON).body());
        assertThat(stored.path("type").asText()).isEqualTo("Opaque");
        assertThat(stored.path("metadata").path("labels").path("app").asText()).isEqualTo("rocket-express");
        assertThat(stored.path("data").path("kubeconfig").asText()).isEqualTo("YXBpVmVyc2lvbjogdjE=");
    }

    @Test
    void aKindNotReadFromProtobufIsUnsupportedMediaType() throws Exception {
        HttpResponse<String> response = post("/api/v1/namespaces/proto/pods", envelope("Pod", message(1, string(1, "p"))));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("UnsupportedMediaType");
    }

    private static HttpResponse<String> post(String path, byte[] body) throws Exception {
        String server = cluster.client().getMasterUrl().toString().replaceAll("/$", "");
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create(server + path))
                .header("Content-Type", ProtobufBody.CONTENT_TYPE).header("Accept", ProtobufBody.CONTENT_TYPE + ", */*")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] envelope(String kind, byte[] object) {
        byte[] unknown = concat(message(1, concat(string(1, "v1"), string(2, kind))), message(2, object));
        return concat(new byte[] {'k', '8', 's', 0}, unknown);
    }

    private static byte[] string(int field, String value) {
        return message(field, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] message(int field, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, (long) field << 3 | 2);
        varint(out, value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
