package io.rocketexpress.gateway.webhook;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.rocketexpress.gateway.Bookings;
import io.rocketexpress.gateway.Flights;
import io.rocketexpress.gateway.Partners;
import io.rocketexpress.gateway.booking.FlightSales;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * Webhooks as an egress risk, over real HTTP against endpoints that misbehave. The test profile lets
 * deliveries reach this machine (allow-private, ports 443 and 1024-65535), times an attempt out after 2 s, keeps
 * at most 4 deliveries in flight per endpoint and lets a replaced secret sign for 3 s.
 */
@QuarkusTest
class WebhookEgressTest {

    private static final String DESTINATION = "outpost-v";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Inject
    FlightSales sales;

    @Inject
    Pool pool;

    @Inject
    PlaintextSecrets plaintextSecrets;

    private final List<PartnerEndpoint> endpoints = new ArrayList<>();

    @BeforeEach
    void flight() {
        Flights.offer(sales, Flights.id("egress"), "hangzhou", DESTINATION, Instant.now().plus(Duration.ofHours(5)),
                Duration.ofMinutes(30), 10_000, 120);
    }

    @AfterEach
    void stopEndpoints() {
        endpoints.forEach(PartnerEndpoint::close);
    }

    @Test
    void deliveryConnectsToTheAddressTheCheckedLookupAnswered() throws UnknownHostException {
        PartnerEndpoint endpoint = endpoint();
        String name = "hooks-" + endpoint.port() + FakeDns.ZONE;
        FakeDns.answer(name, InetAddress.getByName("127.0.0.1"));
        String key = Partners.newPartnerKey();
        endpoint.trust(register(key, endpoint.url(name)));

        Bookings.book(key, DESTINATION, 1, 4);

        // No resolver but the gateway's own lookup knows the name: the connection went to the address it answered.
        await().until(() -> endpoint.requests().size() == 1);
        PartnerEndpoint.Request request = endpoint.requests().get(0);
        assertThat(request.signed()).isTrue();
        assertThat(request.host()).isEqualTo(name + ":" + endpoint.port());
        await().untilAsserted(() -> assertThat(deliveries(key).getList("items.state")).containsExactly("DELIVERED"));
    }

    @Test
    void portOutsideTheAllowListIsRefusedAtRegistrationAndNeverDialled() {
        String key = Partners.newPartnerKey();
        put(key, "{\"url\":\"https://hooks.example.com:22/x\"}").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("url"))
                .body("detail", containsString("port 22")).body("detail", containsString("443"));
        put(key, "{\"url\":\"http://hooks.example.com/x\"}").then().statusCode(400)
                .body("detail", containsString("port 80"));

        // Registered before the allow-list narrowed: refused at sending, without a connection.
        PartnerEndpoint endpoint = endpoint();
        endpoint.trust(register(key, endpoint.url()));
        execute("UPDATE webhook_endpoint SET url = $1 WHERE url = $2", "http://127.0.0.1:9/hooks", endpoint.url());
        Bookings.book(key, DESTINATION, 1, 4);

        await().untilAsserted(() -> assertThat(deliveries(key).getList("items[0].attempts.error"))
                .isNotEmpty().containsOnly("blocked-address"));
        assertThat(deliveries(key).getList("items[0].attempts.responseStatus")).containsOnlyNulls();
    }

    @Test
    void failedAttemptShowsTheStatusAndAClassNeverTheEndpointsWords() {
        PartnerEndpoint endpoint = endpoint().behave(PartnerEndpoint.Behaviour.FAIL);
        String key = Partners.newPartnerKey();
        endpoint.trust(register(key, endpoint.url()));
        Bookings.book(key, DESTINATION, 1, 4);

        await().untilAsserted(() -> assertThat(deliveries(key).getList("items[0].attempts")).hasSizeGreaterThanOrEqualTo(2));
        JsonPath log = deliveries(key);
        assertThat(log.getList("items[0].attempts.responseStatus")).containsOnly(500);
        assertThat(log.getList("items[0].attempts.error")).containsOnly("status");
        assertThat(log.prettify()).doesNotContain("stack trace", "internal hostnames");
    }

    @Test
    void endpointStreamingWithoutEndIsAFailedAttemptAndItsConnectionIsClosed() {
        PartnerEndpoint endpoint = endpoint().behave(PartnerEndpoint.Behaviour.STREAM);
        String key = Partners.newPartnerKey();
        endpoint.trust(register(key, endpoint.url()));
        Bookings.book(key, DESTINATION, 1, 4);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonPath log = deliveries(key);
            assertThat(log.getList("items[0].attempts.error")).isNotEmpty().containsOnly("too-large");
            assertThat(log.getList("items[0].attempts.responseStatus")).containsOnly(200);
            assertThat(log.getString("items[0].state")).isEqualTo("PENDING");
        });
        // The gateway stopped reading and closed the connection: the endpoint's writing failed.
        await().until(() -> endpoint.cut() >= 1);
        given().auth().oauth2(key).get("/v1/webhook").then().body("consecutiveFailures", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void endpointDrippingAnAnswerWithoutEndTimesOutAndItsConnectionIsClosed() {
        PartnerEndpoint endpoint = endpoint().behave(PartnerEndpoint.Behaviour.DRIP);
        String key = Partners.newPartnerKey();
        endpoint.trust(register(key, endpoint.url()));
        Bookings.book(key, DESTINATION, 1, 4);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonPath log = deliveries(key);
            assertThat(log.getList("items[0].attempts.error")).isNotEmpty().containsOnly("timeout");
            assertThat(log.getList("items[0].attempts.responseStatus")).containsOnly(200);
            assertThat(log.getList("items[0].attempts.durationMs", Long.class))
                    .allMatch(ms -> ms < TIMEOUT.toMillis() + 1000);
        });
        // Closed at the timeout, not left to the endpoint: its next write failed.
        await().until(() -> endpoint.cut() >= 1);
    }

    @Test
    void hangingEndpointHoldsOnlyItsOwnDeliveriesNotAHealthyOnesNorMoreThanItsCap() {
        PartnerEndpoint hanging = endpoint().behave(PartnerEndpoint.Behaviour.HANG);
        String slowPartner = Partners.newPartnerKey();
        hanging.trust(register(slowPartner, hanging.url()));
        Bookings.book(slowPartner, DESTINATION, 12, 1);
        await().until(() -> hanging.requests().size() >= 4);
        Instant firstHung = hanging.requests().get(0).at();

        PartnerEndpoint healthy = endpoint();
        String partner = Partners.newPartnerKey();
        healthy.trust(register(partner, healthy.url()));
        Bookings.book(partner, DESTINATION, 3, 1);

        await().until(() -> healthy.requests().size() == 3);
        int hungAtOnce = hanging.requests().size();
        // They went out while the hanging endpoint's attempts were still waiting for their timeout.
        assertThat(healthy.requests()).allSatisfy(request -> {
            assertThat(request.signed()).isTrue();
            assertThat(request.at()).isBefore(firstHung.plus(TIMEOUT));
        });
        // Never more than its cap at once: the rest waited, and its breaker opened on the timeouts.
        assertThat(hungAtOnce).isEqualTo(4);
        await().untilAsserted(() -> given().auth().oauth2(slowPartner).get("/v1/webhook").then()
                .body("breaker", equalTo("OPEN")));
        assertThat(deliveries(slowPartner).getList("items.attempts.error").stream()
                .flatMap(errors -> ((List<?>) errors).stream())).hasSizeGreaterThanOrEqualTo(4)
                .allMatch("timeout"::equals);
    }

    @Test
    void registeringAgainKeepsAnOpenBreakerOpen() {
        PartnerEndpoint endpoint = endpoint().behave(PartnerEndpoint.Behaviour.FAIL);
        String key = Partners.newPartnerKey();
        endpoint.trust(register(key, endpoint.url()));
        Bookings.book(key, DESTINATION, 1, 4);
        await().untilAsserted(() -> given().auth().oauth2(key).get("/v1/webhook").then().body("breaker", equalTo("OPEN")));

        put(key, "{\"url\":\"" + endpoint.url() + "\"}").then().statusCode(200);

        given().auth().oauth2(key).get("/v1/webhook").then().body("breaker", equalTo("OPEN"))
                .body("consecutiveFailures", org.hamcrest.Matchers.greaterThanOrEqualTo(3)).body("openUntil", notNullValue());
    }

    @Test
    void secretIsEncryptedAtRestAndStillSigns() {
        PartnerEndpoint endpoint = endpoint();
        String key = Partners.newPartnerKey();
        String secret = register(key, endpoint.url());
        endpoint.trust(secret);

        String stored = storedSecret(endpoint.url());
        assertThat(stored).startsWith("v1:").doesNotContain(secret).doesNotContain(secret.substring(6));

        Bookings.book(key, DESTINATION, 1, 4);
        await().until(() -> endpoint.requests().size() == 1);
        assertThat(endpoint.requests().get(0).signed()).isTrue();
    }

    @Test
    void secretStoredBeforeEncryptionIsReadAsItIs() {
        PartnerEndpoint endpoint = endpoint();
        String key = Partners.newPartnerKey();
        register(key, endpoint.url());
        String plain = "whsec_storedBeforeSecretsWereEncryptedAtRest0000000";
        execute("UPDATE webhook_endpoint SET secret = $1 WHERE url = $2", plain, endpoint.url());
        endpoint.trust(plain);

        Bookings.book(key, DESTINATION, 1, 4);

        await().until(() -> endpoint.requests().size() == 1);
        assertThat(endpoint.requests().get(0).signed()).isTrue();
    }

    @Test
    void secretStoredBeforeEncryptionIsEncryptedAtStartupAndStillSigns() {
        PartnerEndpoint endpoint = endpoint();
        String key = Partners.newPartnerKey();
        register(key, endpoint.url());
        String plain = "whsec_storedBeforeSecretsWereEncryptedAtRest1111111";
        execute("UPDATE webhook_endpoint SET secret = $1 WHERE url = $2", plain, endpoint.url());
        endpoint.trust(plain);

        assertThat(plaintextSecrets.encrypt().await().atMost(Duration.ofSeconds(10))).isGreaterThanOrEqualTo(1);

        assertThat(storedSecret(endpoint.url())).startsWith("v1:").doesNotContain(plain.substring(6));
        Bookings.book(key, DESTINATION, 1, 4);
        await().until(() -> endpoint.requests().size() == 1);
        assertThat(endpoint.requests().get(0).signed()).isTrue();
    }

    @Test
    void tlsThatFailsIsLoggedAsTls() throws IOException {
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            // Whatever is asked, it answers in plain HTTP: the handshake cannot succeed.
            Thread answering = new Thread(() -> {
                while (!plain.isClosed()) {
                    try (Socket client = plain.accept()) {
                        client.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException closed) {
                        // The test is over.
                    }
                }
            });
            answering.setDaemon(true);
            answering.start();
            String key = Partners.newPartnerKey();
            register(key, "https://127.0.0.1:" + plain.getLocalPort() + "/hooks");
            Bookings.book(key, DESTINATION, 1, 4);

            // The first handshake of a gateway may outlast the test profile's short timeout while TLS warms up.
            await().untilAsserted(() -> assertThat(deliveries(key).getList("items[0].attempts.error"))
                    .contains("tls").isSubsetOf("tls", "timeout"));
        }
    }

    @Test
    void replacedSecretSignsNextToTheNewOneUntilTheOverlapEnds() {
        PartnerEndpoint endpoint = endpoint();
        String key = Partners.newPartnerKey();
        String old = register(key, endpoint.url());
        Map<String, Object> rotated = put(key, "{\"url\":\"" + endpoint.url() + "\"}").then().statusCode(200)
                .body("previousSecretExpiresAt", notNullValue()).extract().path("$");
        String fresh = (String) rotated.get("secret");
        Instant overlapEnds = Instant.parse((String) rotated.get("previousSecretExpiresAt"));

        // A receiver still holding the old secret accepts; one already holding the new one too.
        endpoint.trust(old);
        Bookings.book(key, DESTINATION, 1, 4);
        await().until(() -> endpoint.requests().size() == 1);
        assertThat(endpoint.requests().get(0).signatures()).hasSize(2);
        assertThat(endpoint.requests().get(0).signed()).isTrue();
        endpoint.trust(fresh);
        Bookings.book(key, DESTINATION, 1, 4);
        await().until(() -> endpoint.requests().size() == 2);
        assertThat(endpoint.requests().get(1).signed()).isTrue();

        // Past the overlap, only the new secret signs.
        await().until(() -> Instant.now().isAfter(overlapEnds.plusMillis(100)));
        Bookings.book(key, DESTINATION, 1, 4);
        await().until(() -> endpoint.requests().size() == 3);
        assertThat(endpoint.requests().get(2).signatures()).hasSize(1);
        assertThat(endpoint.requests().get(2).signed()).isTrue();
        endpoint.trust(old);
        Bookings.book(key, DESTINATION, 1, 4);
        await().until(() -> endpoint.requests().size() >= 4);
        assertThat(endpoint.requests().get(3).signed()).isFalse();
    }

    @Test
    void revokedPreviousSecretSignsNoMore() {
        PartnerEndpoint endpoint = endpoint();
        String key = Partners.newPartnerKey();
        String old = register(key, endpoint.url());
        String fresh = put(key, "{\"url\":\"" + endpoint.url() + "\",\"revokePreviousSecret\":true}").then()
                .statusCode(200).body("previousSecretExpiresAt", nullValue()).extract().path("secret");
        endpoint.trust(old);

        Bookings.book(key, DESTINATION, 1, 4);

        await().until(() -> endpoint.requests().size() >= 1);
        assertThat(endpoint.requests().get(0).signatures()).hasSize(1);
        assertThat(endpoint.requests().get(0).signed()).isFalse();
        endpoint.trust(fresh);
        await().until(() -> endpoint.requests().stream().anyMatch(PartnerEndpoint.Request::signed));
    }

    private PartnerEndpoint endpoint() {
        PartnerEndpoint endpoint = PartnerEndpoint.start();
        endpoints.add(endpoint);
        return endpoint;
    }

    private static String register(String key, String url) {
        return put(key, "{\"url\":\"" + url + "\"}").then().statusCode(201).extract().path("secret");
    }

    private static io.restassured.response.Response put(String key, String body) {
        return given().auth().oauth2(key).contentType(ContentType.JSON).body(body).put("/v1/webhook");
    }

    private static JsonPath deliveries(String key) {
        return given().auth().oauth2(key).get("/v1/webhook/deliveries").then().statusCode(200).extract().jsonPath();
    }

    private String storedSecret(String url) {
        return pool.preparedQuery("SELECT secret FROM webhook_endpoint WHERE url = $1").execute(Tuple.of(url))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getString("secret");
    }

    private void execute(String sql, Object... parameters) {
        int changed = pool.preparedQuery(sql).execute(Tuple.from(parameters)).await().atMost(Duration.ofSeconds(10))
                .rowCount();
        assertThat(changed).isEqualTo(1);
    }
}
