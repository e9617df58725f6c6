package io.rocketexpress.model;

/** Names shared by every Rocket Express custom resource. */
public final class RocketExpress {

    /** API group of the custom resources. */
    public static final String GROUP = "rocketexpress.io";

    /** The one served and stored version. */
    public static final String VERSION = "v1alpha1";

    /** {@code kubectl get rocketexpress} lists every kind of ours. */
    public static final String CATEGORY = "rocketexpress";

    /** Annotation the vehicle controller writes on its Job at liftoff (RFC 3339 time). */
    public static final String LIFTOFF_ANNOTATION = GROUP + "/liftoff-at";

    /**
     * Annotation the operator puts on a Vehicle whose mission failed, naming the Launch. The vehicle stays
     * Grounded until the platform team, having inspected it, removes the annotation.
     */
    public static final String MISSION_FAILURE_ANNOTATION = GROUP + "/mission-failure";

    /** Label on remote Jobs naming the Launch they belong to. */
    public static final String LAUNCH_LABEL = GROUP + "/launch";

    /** Label naming the region a Launch, or a Job of it, lifts off from. */
    public static final String ORIGIN_LABEL = GROUP + "/origin";

    /** Pattern of a region name: a DNS label. */
    public static final String REGION_NAME_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /**
     * Pattern of an ISO-8601 duration in days, hours, minutes and seconds (PT18H, P1DT2H, PT30M).
     * Written without look-ahead: Kubernetes evaluates CRD patterns with RE2.
     */
    public static final String DURATION_PATTERN =
            "^P((\\d+D)|(\\d+D)?T((\\d+H)(\\d+M)?(\\d+S)?|(\\d+M)(\\d+S)?|(\\d+S)))$";

    /** Pattern of an RFC 3339 timestamp with an explicit offset. */
    public static final String TIMESTAMP_PATTERN =
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";

    private RocketExpress() {
    }
}
