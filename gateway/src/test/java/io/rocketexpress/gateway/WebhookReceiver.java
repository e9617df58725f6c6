package io.rocketexpress.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A partner's webhook endpoint over real HTTP: it checks each delivery's signature with the secret it was
 * given (as the API guide tells partners to), and answers 204, or 500 while told to fail.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived: when, the delivery header, the body, whether its signature held, the answer. */
    public record Request(Instant at, String delivery, String body, boolean signed, int answered) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile String secret;
    private volatile boolean failing;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/hooks", receiver::handle);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** The secret the registration answered with. */
    public void trust(String secret) {
        this.secret = secret;
    }

    /** Answer 500 to everything until told otherwise. */
    public void failing(boolean failing) {
        this.failing = failing;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests answered 2xx. */
    public List<Request> accepted() {
        return requests.stream().filter(request -> request.answered() / 100 == 2).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean signed = verify(exchange.getRequestHeaders().getFirst("RocketExpress-Signature"), body);
        int status = failing ? 500 : signed ? 204 : 401;
        requests.add(new Request(Instant.now(), exchange.getRequestHeaders().getFirst("RocketExpress-Delivery"), body,
                signed, status));
        if (status == 500) {
            byte[] answer = "receiver down for maintenance".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        } else {
            exchange.sendResponseHeaders(status, -1);
        }
        exchange.close();
    }

    /** Checks "t=<unix>,v1=<hex>" against HMAC-SHA256 of "t.body", and that t is recent. */
    private boolean verify(String header, String body) {
        if (header == null || secret == null) {
            return false;
        }
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                t = part.substring(2);
            } else if (part.startsWith("v1=")) {
                v1 = part.substring(3);
            }
        }
        if (t == null || v1 == null || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
