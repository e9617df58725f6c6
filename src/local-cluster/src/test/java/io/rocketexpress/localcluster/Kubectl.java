package io.rocketexpress.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends the HTTP requests kubectl sends, with its Accept headers, to a local cluster. */
final class Kubectl {

    /** What kubectl 1.27+ asks of /api and /apis: aggregated discovery first, the legacy documents as fallback. */
    static final String DISCOVERY_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    /** What {@code kubectl get} asks for when it prints columns. */
    static final String TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,"
            + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    static final String JSON = "application/json";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String server;

    Kubectl(LocalCluster cluster) {
        String url = cluster.client().getMasterUrl().toString();
        this.server = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    HttpResponse<String> get(String path, String accept) {
        return send(HttpRequest.newBuilder(URI.create(server + path)).header("Accept", accept).GET());
    }

    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(server + path))
                .header("Content-Type", JSON).header("Accept", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> mergePatch(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(server + path))
                .header("Content-Type", "application/merge-patch+json").header("Accept", JSON)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A creation's answer, checked to be 201 Created, read as JSON. */
    record Created(HttpResponse<String> response) {
        Created {
            if (response.statusCode() != 201) {
                throw new AssertionError("expected 201 Created, got " + response.statusCode() + ": " + response.body());
            }
        }

        com.fasterxml.jackson.databind.JsonNode object() {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.header("Authorization", "Bearer test-token").timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
