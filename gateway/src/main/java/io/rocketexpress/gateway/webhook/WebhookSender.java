package io.rocketexpress.gateway.webhook;

import io.rocketexpress.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** Posts one delivery to an endpoint, without blocking, and tells how it went; never fails. */
@ApplicationScoped
public class WebhookSender {

    private static final int ERROR_BODY_SHOWN = 200;

    private final HttpClient client;
    private final Duration timeout;

    WebhookSender(Vertx vertx, GatewayConfig config) {
        this.timeout = config.gateway().webhooks().timeout();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setMaxPoolSize(50)
                .setVerifyHost(true));
    }

    /** What came of one attempt: the endpoint's status, if it answered, and what went wrong, if anything. */
    record Outcome(Integer status, String error, long durationMs) {

        boolean delivered() {
            return error == null;
        }
    }

    Uni<Outcome> post(String url, String body, String signature, long deliveryId) {
        long started = System.nanoTime();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setFollowRedirects(false)
                .setTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "RocketExpress-Webhooks/1")
                .putHeader(WebhookSignature.HEADER, signature)
                .putHeader("RocketExpress-Delivery", Long.toString(deliveryId));
        return client.request(request)
                .flatMap(sent -> sent.send(Buffer.buffer(body)))
                .flatMap(response -> response.body().map(answer -> {
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        return new Outcome(status, null, elapsed(started));
                    }
                    String shown = answer.toString();
                    shown = shown.length() > ERROR_BODY_SHOWN ? shown.substring(0, ERROR_BODY_SHOWN) + "…" : shown;
                    return new Outcome(status, "endpoint answered " + status + (shown.isBlank() ? "" : ": " + shown),
                            elapsed(started));
                }))
                .ifNoItem().after(timeout.plusSeconds(1)).fail()
                .onFailure().recoverWithItem(failure -> new Outcome(null, describe(failure), elapsed(started)));
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static long elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    @PreDestroy
    void close() {
        client.closeAndForget();
    }
}
