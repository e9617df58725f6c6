package io.rocketexpress.operator.region;

/** A region the operator cannot work with now; the reason is a condition reason, the message says why. */
public class RegionUnavailable extends RuntimeException {

    /** Not in the region registry. */
    public static final String UNKNOWN_REGION = "UnknownRegion";
    /** No way to reach its cluster is configured. */
    public static final String NO_KUBECONFIG = "KubeconfigNotConfigured";
    /** The Secret with its kubeconfig is missing or lacks the key. */
    public static final String SECRET_MISSING = "KubeconfigSecretMissing";
    /** The kubeconfig does not parse or names no usable cluster. */
    public static final String KUBECONFIG_INVALID = "KubeconfigInvalid";
    /** The kubeconfig asks for a plugin, local files or unverified TLS: never used. */
    public static final String KUBECONFIG_REFUSED = "KubeconfigRefused";
    /** Its API server does not answer. */
    public static final String UNREACHABLE = "RegionUnreachable";

    private final String region;
    private final String reason;

    public RegionUnavailable(String region, String reason, String message, Throwable cause) {
        super(message, cause);
        this.region = region;
        this.reason = reason;
    }

    public String region() {
        return region;
    }

    public String reason() {
        return reason;
    }
}
