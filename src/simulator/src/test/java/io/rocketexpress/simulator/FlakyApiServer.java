package io.rocketexpress.simulator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process API server in CRUD mode that can be told to fail the next requests of a given method, or be
 * stopped and started again on the same port with its objects intact.
 */
final class FlakyApiServer implements AutoCloseable {

    private final FlakyDispatcher dispatcher = new FlakyDispatcher();
    private KubernetesMockServer server;
    private int port;

    FlakyApiServer() {
        start(0);
    }

    /** A client without the client library's own retries, so only the simulator's policy is at work. */
    KubernetesClient client() {
        return server.createClient(builder -> builder.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    }

    /** The next {@code count} requests with this HTTP method are answered {@code code}. */
    void failNext(String method, int count, int code) {
        dispatcher.failures.add(new Failure(method, new AtomicInteger(count), code));
    }

    /** Requests received, as {@code METHOD path}. */
    List<String> requests() {
        return dispatcher.requests;
    }

    void stop() {
        server.destroy();
    }

    void restart() {
        start(port);
    }

    private void start(int onPort) {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), onPort);
        port = server.getPort();
    }

    @Override
    public void close() {
        server.destroy();
    }

    private record Failure(String method, AtomicInteger remaining, int code) {
    }

    private static final class FlakyDispatcher extends KubernetesCrudDispatcher {

        final List<Failure> failures = new CopyOnWriteArrayList<>();
        final List<String> requests = new CopyOnWriteArrayList<>();

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            requests.add(request.getMethod() + " " + request.getPath());
            for (Failure failure : failures) {
                if (failure.method().equals(request.getMethod()) && failure.remaining().getAndDecrement() > 0) {
                    return new MockResponse().setResponseCode(failure.code()).setBody("""
                            {"apiVersion":"v1","kind":"Status","status":"Failure","code":%d,\
                            "message":"injected by the test"}""".formatted(failure.code()));
                }
            }
            return super.dispatch(request);
        }
    }
}
