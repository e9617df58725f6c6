package io.rocketexpress.gateway.webhook;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.util.List;

/**
 * Resolves an endpoint's host once per attempt. The addresses it answers are checked and the connection is made
 * to one of them, so the name is never looked up a second time: DNS answering a public address to the check and
 * an internal one to the connection (rebinding) cannot steer a delivery.
 */
@ApplicationScoped
public class HostLookup {

    /** Every address of the host (an IP literal is parsed, not looked up); fails with UnknownHostException. */
    Uni<List<InetAddress>> addresses(String host) {
        var literal = DestinationPolicy.literal(host);
        if (literal.isPresent()) {
            return Uni.createFrom().item(List.of(literal.get()));
        }
        // The JDK's resolver blocks, so it runs off the event loop.
        return Uni.createFrom().item(() -> {
                    try {
                        return List.of(InetAddress.getAllByName(host));
                    } catch (java.net.UnknownHostException e) {
                        throw new UnresolvedHost(e);
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The host has no address. */
    static final class UnresolvedHost extends RuntimeException {

        UnresolvedHost(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
