package io.rocketexpress.model.region;

import io.rocketexpress.model.RocketExpress;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One spaceport region: a Kubernetes cluster, a spaceport, a sea landing zone, a last-mile hub.
 *
 * @param name      DNS-label name used in Launch specs ({@code hangzhou})
 * @param code      three-letter code carried by tracking numbers ({@code HGH})
 * @param namespace namespace of the region's cluster where Launches, Vehicles and Jobs live
 * @param cluster   how to reach the region's cluster
 */
public record Region(String name, String code, String namespace, ClusterAccess cluster) {

    private static final Pattern NAME = Pattern.compile(RocketExpress.REGION_NAME_PATTERN);
    private static final Pattern CODE = Pattern.compile("^[A-Z]{3}$");

    public Region {
        if (name == null || !NAME.matcher(name).matches() || name.length() > 63) {
            throw new IllegalArgumentException("region name '" + name
                    + "' is not a DNS label (lower-case letters, digits and '-', at most 63 characters)");
        }
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("region " + name + ": code '" + code
                    + "' must be three upper-case letters, like HGH");
        }
        if (namespace == null || !NAME.matcher(namespace).matches()) {
            throw new IllegalArgumentException("region " + name + ": namespace '" + namespace
                    + "' is not a valid Kubernetes namespace name");
        }
        Objects.requireNonNull(cluster, () -> "region " + name + ": no cluster access given");
    }

    /** True when this region is the cluster the process runs in. */
    public boolean isLocal() {
        return cluster instanceof ClusterAccess.Local;
    }
}
