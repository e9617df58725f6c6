package io.rocketexpress.gateway.peer;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.Set;

/**
 * Reads of what other regions' gateways show the public (their departures, a parcel's public journey), made
 * with the network's peer key and for no partner. They pass the same timeout, retries and circuit breaker per
 * region as the partners' tracking calls: a region in trouble is answered at once as unavailable.
 */
@ApplicationScoped
public class PeerReads {

    private final PeerGateways peers;

    PeerReads(PeerGateways peers) {
        this.peers = peers;
    }

    /** The regions whose gateways can be read from here: configured, and this gateway holds the peer key. */
    public Set<String> regions() {
        return peers.regions();
    }

    /**
     * The peer's answer to a GET of a JSON resource: its body on a 2xx, empty on a 404.
     *
     * @return a failure for any other answer, a peer that cannot be reached, times out or is paused
     */
    public Uni<Optional<byte[]>> get(String region, String path) {
        PeerGateway peer = peer(region);
        return peer.get(path, null).map(answer -> {
            if (answer.status() == 404) {
                return Optional.<byte[]>empty();
            }
            if (answer.status() >= 300) {
                throw new PeerFailed("the gateway of region " + region + " answered HTTP " + answer.status(), null);
            }
            return Optional.of(answer.bytes());
        });
    }

    /**
     * The data of each event of the peer's event stream (comments dropped), once the stream is open.
     *
     * @return empty on a 404; a failure when the peer cannot stream
     */
    public Uni<Optional<Multi<String>>> events(String region, String path) {
        PeerGateway peer = peer(region);
        return peer.stream(path, null, null).map(answer -> {
            if (answer.lines() != null) {
                return Optional.of(EventStream.events(answer.lines())
                        .filter(event -> !event.isComment() && event.data() != null)
                        .map(RelayedEvent::data));
            }
            if (answer.status() == 404) {
                return Optional.<Multi<String>>empty();
            }
            throw new PeerFailed("the gateway of region " + region + " answered HTTP " + answer.status()
                    + " instead of a stream", null);
        });
    }

    private PeerGateway peer(String region) {
        return peers.of(region).orElseThrow(() -> new PeerFailed("no gateway of region " + region
                + " is configured here, or this gateway has no peer key", null));
    }
}
