package io.rocketexpress.sandbox;

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
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;

/**
 * A partner's webhook endpoint over real HTTP, registered at several gateways: it accepts a delivery only if
 * its signature holds for one of the secrets it was given and its time is recent, as the API guide says.
 */
final class WebhookReceiver implements AutoCloseable {

    /** A delivery taken: its body, and the secret that signed it. */
    record Delivery(String id, String body, String signedWith) {
    }

    private final HttpServer server;
    private final Set<String> secrets = new CopyOnWriteArraySet<>();
    private final List<Delivery> accepted = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start() {
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

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    void trust(String secret) {
        secrets.add(secret);
    }

    /** Answer 500 to every delivery until told otherwise, as an endpoint down for maintenance. */
    void failing(boolean failing) {
        this.failing = failing;
    }

    List<Delivery> accepted() {
        return List.copyOf(accepted);
    }

    List<String> refused() {
        return List.copyOf(refused);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (failing) {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
            return;
        }
        String header = exchange.getRequestHeaders().getFirst("RocketExpress-Signature");
        String signer = secrets.stream().filter(secret -> verify(secret, header, body)).findFirst().orElse(null);
        if (signer == null) {
            refused.add(body);
            exchange.sendResponseHeaders(401, -1);
        } else {
            accepted.add(new Delivery(exchange.getRequestHeaders().getFirst("RocketExpress-Delivery"), body, signer));
            exchange.sendResponseHeaders(204, -1);
        }
        exchange.close();
    }

    private static boolean verify(String secret, String header, String body) {
        if (header == null) {
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
            return MessageDigest.isEqual(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)),
                    HexFormat.of().parseHex(v1));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
