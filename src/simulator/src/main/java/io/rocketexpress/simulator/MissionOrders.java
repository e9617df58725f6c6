package io.rocketexpress.simulator;

import java.util.Map;

/**
 * What the operator tells a Job through its environment (SPEC §5): which launch, which vehicle, between which
 * regions, with which manifest, and which Job to annotate.
 *
 * @param manifestId empty when the launch carries no manifest
 */
public record MissionOrders(Role role, String launch, String vehicle, String origin, String destination,
                            String manifestId, String jobName, String jobNamespace) {

    public static MissionOrders from(Map<String, String> environment) {
        EnvironmentVariables variables = new EnvironmentVariables(environment);
        return new MissionOrders(
                Role.of(variables.required("ROLE")),
                variables.required("LAUNCH"),
                variables.required("VEHICLE"),
                variables.required("ORIGIN"),
                variables.required("DESTINATION"),
                variables.present("MANIFEST_ID"),
                variables.required("JOB_NAME"),
                variables.required("JOB_NAMESPACE"));
    }

    String manifest() {
        return manifestId.isEmpty() ? "(no manifest)" : manifestId;
    }
}
