package io.rocketexpress.gateway.pages;

import io.rocketexpress.gateway.peer.PeerNetwork;
import io.rocketexpress.gateway.peer.StubGateway;

import java.time.Instant;
import java.util.Map;

/** The answering peer of the tests' network as a region whose gateway publishes departures to this one. */
final class PeerDepartures {

    private PeerDepartures() {
    }

    /** From now on the answering peer lists this flight to Hangzhou, and answers 404 to anything else. */
    static void answeringLists(String flight, Instant opensAt) {
        String json = """
                [{"flight":"%s","origin":"%s","destination":"hangzhou","opensAt":"%s","closesAt":"%s",
                  "cutoffAt":"%s","phase":"Scheduled","sealed":false,"liftoffAt":null,"vehicle":"xzy-7",
                  "massBooked":0.5,"volumeBooked":0.25,"someFieldOfANewerVersion":1}]"""
                .formatted(flight, PeerNetwork.ANSWERING, opensAt, opensAt.plusSeconds(1800), opensAt.minusSeconds(1800));
        PeerNetwork.answering().answer(exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v1/peer/departures")) {
                StubGateway.json(200, json).answer(exchange);
            } else {
                StubGateway.status(404, "application/problem+json", "{}", Map.of()).answer(exchange);
            }
        });
    }

}
