package io.rocketexpress.model.region;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The regions of the network one installation knows, looked up by name or by code. */
public final class RegionRegistry {

    private final Map<String, Region> byName = new LinkedHashMap<>();
    private final Map<String, Region> byCode = new LinkedHashMap<>();

    /**
     * @throws IllegalArgumentException when two regions share a name or a code, or more than one
     *                                  region claims to be the local cluster
     */
    public RegionRegistry(Collection<Region> regions) {
        List<String> local = new ArrayList<>();
        for (Region region : regions) {
            Region sameName = byName.putIfAbsent(region.name(), region);
            if (sameName != null) {
                throw new IllegalArgumentException("region " + region.name() + " is configured twice");
            }
            Region sameCode = byCode.putIfAbsent(region.code(), region);
            if (sameCode != null) {
                throw new IllegalArgumentException("regions " + sameCode.name() + " and " + region.name()
                        + " share the code " + region.code());
            }
            if (region.isLocal()) {
                local.add(region.name());
            }
        }
        if (local.size() > 1) {
            throw new IllegalArgumentException("only one region can be this cluster, but " + local + " all are");
        }
    }

    public Optional<Region> byName(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    public Optional<Region> byCode(String code) {
        return Optional.ofNullable(code == null ? null : byCode.get(code));
    }

    /** The region whose cluster this process runs in, if one is configured as such. */
    public Optional<Region> local() {
        return byName.values().stream().filter(Region::isLocal).findFirst();
    }

    /** All regions, in configuration order. */
    public List<Region> all() {
        return List.copyOf(byName.values());
    }

    /** Comma-separated names, for messages that tell what is known. */
    public String names() {
        return byName.keySet().stream().collect(Collectors.joining(", "));
    }
}
