package io.rocketexpress.gateway.webhook;

import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.mutiny.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sender over real TLS: it connects to the address its lookup checked, yet the endpoint sees its own name
 * (SNI and Host) and the certificate is verified against that name, not against the address.
 */
class WebhookSenderTlsTest {

    private static final String NAME = "tls-hooks" + FakeDns.ZONE;
    private static final String OTHER = "tls-other" + FakeDns.ZONE;

    private final List<String> serverNames = new CopyOnWriteArrayList<>();
    private final List<String> hosts = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    private HttpServer server;
    private WebhookSender sender;

    @BeforeEach
    void endpointWithACertificateForItsName() throws UnknownHostException {
        vertx = Vertx.vertx();
        SelfSignedCertificate certificate = SelfSignedCertificate.create(NAME);
        server = vertx.getDelegate().createHttpServer(new HttpServerOptions().setSsl(true).setSni(true)
                        .setKeyCertOptions(certificate.keyCertOptions()))
                .requestHandler(request -> {
                    serverNames.add(String.valueOf(request.connection().indicatedServerName()));
                    hosts.add(request.getHeader("Host"));
                    request.response().setStatusCode(204).end();
                });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        FakeDns.answer(NAME, InetAddress.getByName("127.0.0.1"));
        FakeDns.answer(OTHER, InetAddress.getByName("127.0.0.1"));
        sender = new WebhookSender(vertx, new FakeDns(), new DestinationPolicy(true, List.of("1-65535")),
                Duration.ofSeconds(10), new HttpClientOptions().setTrustOptions(certificate.trustOptions()));
    }

    @AfterEach
    void stop() {
        sender.close();
        vertx.closeAndAwait();
    }

    @Test
    void certificateIsVerifiedAgainstTheEndpointsNameWhileTheCheckedAddressIsDialled() {
        WebhookSender.Outcome outcome = post(NAME);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.status()).isEqualTo(204);
        assertThat(serverNames).containsExactly(NAME);
        assertThat(hosts).containsExactly(NAME + ":" + server.actualPort());
    }

    @Test
    void certificateForAnotherNameFailsAsTls() {
        WebhookSender.Outcome outcome = post(OTHER);

        assertThat(outcome.error()).isEqualTo("tls");
        assertThat(outcome.status()).isNull();
        assertThat(hosts).isEmpty();
    }

    private WebhookSender.Outcome post(String host) {
        return sender.post("https://" + host + ":" + server.actualPort() + "/hooks", "{}", "t=1,v1=00", 1)
                .await().atMost(Duration.ofSeconds(20));
    }
}
