package io.rocketexpress.model.launch;

/** Condition types a Launch reports in {@code status.conditions}. */
public final class LaunchConditions {

    /** Its regions are known to the operator's region registry. */
    public static final String REGIONS_VALID = "RegionsValid";
    /** A vehicle is reserved for it. */
    public static final String VEHICLE_RESERVED = "VehicleReserved";
    /** The gateway sealed its manifest. */
    public static final String MANIFEST_SEALED = "ManifestSealed";
    /** Liftoff was reported. */
    public static final String LAUNCHED = "Launched";
    /** The vehicle landed safely. */
    public static final String LANDED = "Landed";
    /** The cargo was unloaded at the destination hub. */
    public static final String RECOVERED = "Recovered";
    /** The cluster of a region the Launch needs answers. */
    public static final String REGION_REACHABLE = "RegionReachable";
    /** The annotations the vehicle controller writes on its Job read as they should. */
    public static final String ANNOTATIONS_VALID = "AnnotationsValid";
    /** Terminal success: {@code kubectl wait --for=condition=Complete launch/NAME}. */
    public static final String COMPLETE = "Complete";
    /** Terminal failure or scrub; the reason tells which. */
    public static final String FAILED = "Failed";

    private LaunchConditions() {
    }
}
