package io.rocketexpress.localcluster;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.HttpUrl;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.HttpServerRequestHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.lang.reflect.Field;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP side of a local cluster. fabric8's mock web server answers every request with one whole body, so
 * it cannot serve a watch the way a real API server does, as a never-ending chunked response. This server
 * is the mock web server with that one difference: a plain HTTP watch is dispatched like any request (so
 * whatever the dispatcher refuses stays refused) and, when the dispatcher accepts it with a
 * {@link WatchStream}, the response stays open and carries the events as they happen. Everything else,
 * WebSocket watches included, goes through fabric8's own request handler unchanged.
 */
final class ApiHttpServer extends MockWebServer {

    private static final List<String> WEBSOCKET_SUB_PROTOCOLS =
            List.of("v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io");

    private static final Logger LOG = Logger.getLogger(ApiHttpServer.class.getName());

    private final Vertx vertx = inheritedVertx();
    private final Consumer<RecordedRequest> observer;
    private Dispatcher dispatcher;
    private HttpServer server;
    private String hostName;
    private int port;
    private boolean closed;

    /** @param observer told of every request before it is answered, watches and refused requests included */
    ApiHttpServer(Consumer<RecordedRequest> observer) {
        this.observer = observer;
    }

    @Override
    public void setDispatcher(Dispatcher dispatcher) {
        super.setDispatcher(dispatcher);
        this.dispatcher = dispatcher;
    }

    @Override
    public synchronized void start(InetAddress address, int port) {
        if (server != null) {
            throw new IllegalStateException("start() already called");
        }
        hostName = address.getHostName().equals("127.0.0.1") ? "localhost" : address.getHostName();
        HttpServerRequestHandler fabric8 = new HttpServerRequestHandler(vertx) {
            @Override
            protected MockResponse onHttpRequest(RecordedRequest request) {
                return dispatch(request);
            }
        };
        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(address.getHostAddress()).setPort(port)
                .setWebSocketSubProtocols(WEBSOCKET_SUB_PROTOCOLS)
                .setHandle100ContinueAutomatically(true));
        server.requestHandler(request -> {
            if (isStreamedWatch(request)) {
                streamWatch(request);
            } else {
                fabric8.handle(request);
            }
        });
        await(server.listen());
        this.port = server.actualPort();
    }

    /** A GET with {@code watch=true} that is not a WebSocket upgrade: what kubectl and client-go send. */
    static boolean isStreamedWatch(HttpServerRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return request.method() == io.vertx.core.http.HttpMethod.GET
                && (upgrade == null || !upgrade.toLowerCase(Locale.ROOT).contains("websocket"))
                && WatchStream.isWatch(HttpUrl.parse("http://localhost" + request.uri()));
    }

    private void streamWatch(HttpServerRequest request) {
        RecordedRequest recorded = new RecordedRequest(request.version().alpnName().toUpperCase(Locale.ROOT),
                HttpMethod.GET, request.uri(), Headers.builder().addAll(request.headers()).build(), new Buffer());
        MockResponse answer = dispatch(recorded);
        if (answer instanceof WatchStream stream) {
            stream.open(request.response(), vertx);
            return;
        }
        HttpServerResponse response = request.response().setStatusCode(answer.code());
        answer.getHeaders().toMultimap().forEach((name, values) -> response.headers().add(name, values));
        Buffer body = answer.getBody();
        if (body == null || body.size() == 0) {
            response.end();
        } else {
            response.end(io.vertx.core.buffer.Buffer.buffer(body.getBytes()));
        }
    }

    /**
     * The dispatcher's answer; a failure in it is answered 500 as the API server does, where fabric8's handler
     * would leave the client waiting for an answer that never comes.
     */
    private MockResponse dispatch(RecordedRequest request) {
        observer.accept(request);
        try {
            MockResponse answer = dispatcher.dispatch(request);
            if (answer.getWebSocketListener() == null && answer.getBody() != null && answer.getBody().size() > 0
                    && answer.getHeaders().header("Content-Type") == null) {
                // the store answers JSON without saying so; a client that wrote protobuf would read it as protobuf
                answer.setHeader("Content-Type", "application/json");
            }
            return answer;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "failed to answer " + request.getMethod() + " " + request.getPath(), e);
            return FailureStatus.response(HttpURLConnection.HTTP_INTERNAL_ERROR, "InternalError",
                    "an error on the server has prevented the request from succeeding");
        }
    }

    @Override
    public synchronized void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        dispatcher.shutdown();
        if (server != null) {
            await(server.close());
        }
        await(vertx.close());
    }

    @Override
    public int getPort() {
        return port;
    }

    @Override
    public String getHostName() {
        return hostName;
    }

    @Override
    public Proxy toProxyAddress() {
        return new Proxy(Proxy.Type.HTTP, new InetSocketAddress(hostName, port));
    }

    @Override
    public HttpUrl url(String path) {
        return HttpUrl.parse("http://" + hostName + ":" + port + "/" + (path.startsWith("/") ? path.substring(1) : path));
    }

    @Override
    public String toString() {
        return "ApiHttpServer[" + port + "]";
    }

    /**
     * The Vert.x instance the mock web server made for itself and would close on shutdown: using it rather
     * than a second one leaves nothing running after {@link #shutdown()}. It is private to the superclass.
     */
    private Vertx inheritedVertx() {
        try {
            Field field = MockWebServer.class.getDeclaredField("vertx");
            field.setAccessible(true);
            return (Vertx) field.get(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("fabric8's MockWebServer no longer keeps its Vert.x instance in 'vertx'", e);
        }
    }

    private static <T> T await(Future<T> future) {
        CompletableFuture<T> done = future.toCompletionStage().toCompletableFuture();
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the local API server did not start or stop in time", e);
        }
    }
}
