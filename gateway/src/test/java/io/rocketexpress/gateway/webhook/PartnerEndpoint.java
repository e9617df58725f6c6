package io.rocketexpress.gateway.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A partner's endpoint over real HTTP that can misbehave: answer at once, fail, hang, stream an answer without end
 * fast, or drip one without end slowly. Accepting, it answers 401 to a delivery whose signature does not hold. It checks signatures the way the API guide tells partners to during a rotation: the delivery
 * holds if any {@code v1} of the header matches the one secret it knows.
 */
final class PartnerEndpoint implements AutoCloseable {

    enum Behaviour { ACCEPT, FAIL, HANG, STREAM, DRIP }

    /** One request: when, its Host header, the delivery id, the signatures, whether one held. */
    record Request(Instant at, String host, String delivery, List<String> signatures, boolean signed) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger cut = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile String secret;
    private volatile Behaviour behaviour = Behaviour.ACCEPT;

    private PartnerEndpoint(HttpServer server) {
        this.server = server;
    }

    static PartnerEndpoint start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            PartnerEndpoint endpoint = new PartnerEndpoint(server);
            server.createContext("/hooks", endpoint::handle);
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return url("127.0.0.1");
    }

    String url(String host) {
        return "http://" + host + ":" + port() + "/hooks";
    }

    PartnerEndpoint trust(String secret) {
        this.secret = secret;
        return this;
    }

    PartnerEndpoint behave(Behaviour behaviour) {
        this.behaviour = behaviour;
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests being answered now. */
    int open() {
        return open.get();
    }

    /** Answers the gateway stopped reading before their end: the connection was closed under them. */
    int cut() {
        return cut.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        open.incrementAndGet();
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            List<String> signatures = signatures(exchange.getRequestHeaders().getFirst("RocketExpress-Signature"));
            requests.add(new Request(Instant.now(), exchange.getRequestHeaders().getFirst("Host"),
                    exchange.getRequestHeaders().getFirst("RocketExpress-Delivery"), signatures,
                    verify(exchange.getRequestHeaders().getFirst("RocketExpress-Signature"), body)));
            switch (behaviour) {
                case ACCEPT -> exchange.sendResponseHeaders(requests.get(requests.size() - 1).signed() ? 204 : 401, -1);
                case FAIL -> answer(exchange, 500, "receiver down: stack trace with internal hostnames".getBytes());
                case HANG -> {
                    released.await(30, TimeUnit.SECONDS);
                    exchange.sendResponseHeaders(204, -1);
                }
                case DRIP -> {
                    // A few bytes now and then: never enough to end, nor to be too large.
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    try {
                        for (int i = 0; i < 300 && !released.await(100, TimeUnit.MILLISECONDS); i++) {
                            out.write(' ');
                            out.flush();
                        }
                    } catch (IOException closed) {
                        cut.incrementAndGet();
                    }
                }
                case STREAM -> {
                    exchange.sendResponseHeaders(200, 0);
                    OutputStream out = exchange.getResponseBody();
                    byte[] chunk = new byte[1024];
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    long written = 0;
                    try {
                        // Bounded only so that a gateway reading it all does not run out of memory.
                        while (System.nanoTime() < until && written < 256L * 1024 * 1024) {
                            out.write(chunk);
                            written += chunk.length;
                            out.flush();
                        }
                    } catch (IOException closed) {
                        cut.incrementAndGet();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.decrementAndGet();
            exchange.close();
        }
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static List<String> signatures(String header) {
        List<String> found = new ArrayList<>();
        if (header != null) {
            for (String part : header.split(",")) {
                if (part.startsWith("v1=")) {
                    found.add(part.substring(3));
                }
            }
        }
        return found;
    }

    /** "t=<unix>,v1=<hex>[,v1=<hex>]": any v1 matching HMAC-SHA256 of "t.body" with the secret, t recent. */
    private boolean verify(String header, String body) {
        if (header == null || secret == null) {
            return false;
        }
        String t = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                t = part.substring(2);
            }
        }
        if (t == null || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
            for (String v1 : signatures(header)) {
                if (MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1))) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
