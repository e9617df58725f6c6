package io.rocketexpress.gateway.peer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * The other regions of the tests' network, each with a gateway of its own kind: one that answers as a test
 * tells it, one that fails every call with a 500, one that never answers, one whose port nobody listens on,
 * and a region without a configured gateway.
 */
public class PeerNetwork implements QuarkusTestResourceLifecycleManager {

    public static final String ANSWERING = "answering";
    public static final String FAILING = "failing";
    public static final String HANGING = "hanging";
    public static final String DOWN = "down";
    public static final String UNLINKED = "unlinked";
    public static final Map<String, String> CODES = Map.of(ANSWERING, "ANS", FAILING, "FAL", HANGING, "HNG",
            DOWN, "DWN", UNLINKED, "UNL");

    private static volatile StubGateway answering;
    private static volatile StubGateway failing;
    private static volatile StubGateway hanging;

    public static StubGateway answering() {
        return answering;
    }

    public static StubGateway failing() {
        return failing;
    }

    public static StubGateway hanging() {
        return hanging;
    }

    @Override
    public Map<String, String> start() {
        answering = StubGateway.start(StubGateway.json(404, "{}"));
        failing = StubGateway.start(StubGateway.status(500, "text/plain", "database is down", Map.of()));
        hanging = StubGateway.startHanging();
        Map<String, String> config = new HashMap<>();
        CODES.forEach((region, code) -> config.put("rocketexpress.regions." + region + ".code", code));
        config.put("rocketexpress.peers." + ANSWERING + ".url", answering.url().toString());
        config.put("rocketexpress.peers." + ANSWERING + ".credentials", PeerSigning.answeringCredentials());
        config.put("rocketexpress.peers." + FAILING + ".url", failing.url().toString());
        config.put("rocketexpress.peers." + HANGING + ".url", hanging.url().toString());
        config.put("rocketexpress.peers." + DOWN + ".url", "http://127.0.0.1:" + closedPort());
        return config;
    }

    @Override
    public void stop() {
        for (StubGateway stub : new StubGateway[] {answering, failing, hanging}) {
            if (stub != null) {
                stub.close();
            }
        }
    }

    /** A port that was free a moment ago and that nobody listens on. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
