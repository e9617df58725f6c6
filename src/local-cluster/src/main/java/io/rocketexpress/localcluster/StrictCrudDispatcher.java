package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.util.Map;

/**
 * The in-process API server's CRUD dispatcher, made to honour optimistic concurrency on the status
 * subresource as a real API server does: a PUT to {@code .../status} carrying a stale resourceVersion is
 * answered 409 Conflict. (The stock dispatcher takes the stored resourceVersion instead of the sent one,
 * so it never conflicts.) Writes are serialised so that the check and the write are one step.
 */
public class StrictCrudDispatcher extends KubernetesCrudDispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public synchronized MockResponse handleUpdate(RecordedRequest request) {
        String path = request.getPath();
        String resourcePath = path.split("\\?", 2)[0];
        if (resourcePath.endsWith("/status")) {
            String sent = version(new String(request.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8));
            Map.Entry<?, String> current = findResource(getKey(resourcePath.substring(0, resourcePath.length() - 7)));
            if (current != null && !sent.isEmpty() && !sent.equals(version(current.getValue()))) {
                return new MockResponse().setResponseCode(HttpURLConnection.HTTP_CONFLICT).setBody("""
                        {"apiVersion":"v1","kind":"Status","status":"Failure","reason":"Conflict","code":409,\
                        "message":"the object has been modified; please apply your changes to the latest version"}""");
            }
        }
        return super.handleUpdate(request);
    }

    @Override
    public synchronized MockResponse handlePatch(RecordedRequest request) {
        return super.handlePatch(request);
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
