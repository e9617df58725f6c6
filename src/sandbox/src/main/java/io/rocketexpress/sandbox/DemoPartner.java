package io.rocketexpress.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * The demo partner: created through each region's admin API, as an administrator would, under one name (the
 * name is how gateways know a partner across regions). So that one key works at every gateway, the key the
 * first region issued is also registered, by its hash, in the other regions' databases: sandbox seeding only.
 */
final class DemoPartner {

    static final String NAME = "Demo Partner";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoPartner() {
    }

    /** Creates the partner everywhere; returns its key. */
    static String create(Map<Region, URI> gateways, String adminKey, EmbeddedDatabase server,
                         Map<Region, EmbeddedDatabase.Database> databases) {
        String key = null;
        for (Map.Entry<Region, URI> gateway : gateways.entrySet()) {
            JsonNode created = createPartner(gateway.getValue(), adminKey, NAME);
            if (key == null) {
                key = created.path("apiKey").path("secret").asText();
            } else {
                server.update(databases.get(gateway.getKey()),
                        "INSERT INTO api_key (id, partner_id, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?)",
                        UUID.randomUUID(), UUID.fromString(created.path("id").asText()), key.substring(0, 9),
                        sha256(key), Timestamp.from(Instant.now()));
            }
        }
        return key;
    }

    /** Creates a partner through a gateway's admin API; returns the answer (id, name, apiKey). */
    static JsonNode createPartner(URI gateway, String adminKey, String name) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/admin/partners"))
                    .header("Authorization", "Bearer " + adminKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("name", name).toString()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("partner " + name + " not created at " + gateway + ": "
                        + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("could not reach " + gateway + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
