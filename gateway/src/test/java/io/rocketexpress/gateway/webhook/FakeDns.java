package io.rocketexpress.gateway.webhook;

import io.quarkus.test.Mock;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tests' DNS: names under {@code .rocketexpress.test}, which no real resolver knows, answer what a test sets;
 * every other name is resolved as usual. A delivery to such a name arrives only if the gateway connects to the
 * address its own lookup answered, never looking the name up again.
 */
@Mock
@ApplicationScoped
public class FakeDns extends HostLookup {

    static final String ZONE = ".rocketexpress.test";
    private static final Map<String, InetAddress> RECORDS = new ConcurrentHashMap<>();

    static void answer(String name, InetAddress address) {
        RECORDS.put(name, address);
    }

    @Override
    Uni<List<InetAddress>> addresses(String host) {
        if (host.endsWith(ZONE)) {
            InetAddress address = RECORDS.get(host);
            return address == null ? Uni.createFrom().failure(new UnresolvedHost(new java.net.UnknownHostException(host)))
                    : Uni.createFrom().item(List.of(address));
        }
        return super.addresses(host);
    }
}
