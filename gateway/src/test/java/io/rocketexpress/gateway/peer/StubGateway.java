package io.rocketexpress.gateway.peer;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Another region's gateway as the tests need it, over real HTTP on a free port: it answers as a test tells it
 * and records every request it gets.
 */
public final class StubGateway implements AutoCloseable {

    /** A request as the stub received it. */
    /** @param pathAndQuery the request's path and query, raw, as the request line had them */
    public record Received(String method, String path, String pathAndQuery, Headers headers, String body) {

        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** How the stub answers. */
    @FunctionalInterface
    public interface Behaviour {
        void answer(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicBoolean streamLeft = new AtomicBoolean();
    private volatile Behaviour initial;
    private volatile Behaviour behaviour;

    private StubGateway(Behaviour initial) {
        this.initial = initial;
        this.behaviour = initial;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                java.net.URI uri = exchange.getRequestURI();
                received.add(new Received(exchange.getRequestMethod(), uri.getPath(),
                        uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                        copy(exchange.getRequestHeaders()),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                behaviour.answer(exchange);
            }
        });
        server.start();
    }

    public static StubGateway start(Behaviour behaviour) {
        return new StubGateway(behaviour);
    }

    /** A stub that accepts connections and requests and never answers them. */
    public static StubGateway startHanging() {
        StubGateway stub = new StubGateway(null);
        stub.initial = stub.hang();
        stub.behaviour = stub.initial;
        return stub;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers from now on as told. */
    public void answer(Behaviour next) {
        behaviour = next;
    }

    /** Back to the first behaviour, with no request recorded. */
    public void reset() {
        behaviour = initial;
        received.clear();
        streamLeft.set(false);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** True once a stream this stub served was hung up on by its reader. */
    public boolean streamLeft() {
        return streamLeft.get();
    }

    /** Answers the status with a body of the content type and, optionally, headers. */
    public static Behaviour status(int status, String contentType, String body, Map<String, String> headers) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
        };
    }

    public static Behaviour json(int status, String body) {
        return status(status, "application/json", body, Map.of());
    }

    /** Never answers, until the stub is closed. */
    public Behaviour hang() {
        return exchange -> {
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /**
     * A {@code text/event-stream}: the given blocks (each ending with its blank line), then a keep-alive
     * comment every tenth of a second until the reader hangs up, which the stub notes.
     */
    public Behaviour events(String... blocks) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                for (String block : blocks) {
                    out.write(block.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                while (!closing.await(100, TimeUnit.MILLISECONDS)) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException gone) {
                streamLeft.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }

    private static Headers copy(Headers headers) {
        Headers copy = new Headers();
        headers.forEach(copy::put);
        return copy;
    }
}
