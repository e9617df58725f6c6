package io.rocketexpress.gateway.config;

import io.rocketexpress.gateway.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The regions of the network as the gateway knows them: names for routes, codes for tracking numbers. */
@ApplicationScoped
public class Regions {

    private final Map<String, String> codes = new TreeMap<>();
    private final String local;

    Regions(GatewayConfig config) {
        config.regions().forEach((name, entry) -> codes.put(name, entry.code()));
        local = config.gateway().region();
        if (!codes.containsKey(local)) {
            throw new IllegalStateException("rocketexpress.gateway.region=" + local
                    + " is not among the configured regions " + codes.keySet());
        }
    }

    /** This gateway's region. */
    public String local() {
        return local;
    }

    /** This gateway's region code. */
    public String localCode() {
        return codes.get(local);
    }

    public Optional<String> code(String region) {
        return Optional.ofNullable(codes.get(region));
    }

    /** The region whose tracking numbers carry {@code code}. */
    public Optional<String> named(String code) {
        return codes.entrySet().stream().filter(entry -> entry.getValue().equals(code)).map(Map.Entry::getKey)
                .findFirst();
    }

    /** Names of all regions. */
    public Set<String> all() {
        return Collections.unmodifiableSet(codes.keySet());
    }

    /** Names of all regions, for messages. */
    public String names() {
        return String.join(", ", codes.keySet());
    }

    /** @throws ProblemException naming the field and the known regions when {@code region} is unknown */
    public String require(String field, String region) {
        if (region == null || !codes.containsKey(region)) {
            throw ProblemException.invalid(field, "unknown region '" + region + "'; regions are " + names());
        }
        return region;
    }
}
