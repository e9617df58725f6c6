package io.rocketexpress.simulator;

/**
 * How a mission ends, as the process exit code the Job controller and the operator read. Only 0 means the
 * contract was fulfilled; the other codes tell a platform team reading the pod's status where to look.
 */
public enum ExitCode {

    /** Flight: landed safely. Recovery: cargo unloaded at the destination hub. */
    SUCCESS(0),

    /** The mission itself failed: no liftoff, vehicle lost in flight, or recovery failed. */
    MISSION_FAILED(1),

    /** A variable of the Job's environment is missing or malformed; nothing was attempted. */
    BAD_ENVIRONMENT(2),

    /** The Kubernetes API refused the liftoff annotation, or stayed unreachable through every retry. */
    API_UNAVAILABLE(3),

    /** Interrupted (the Job was deleted, or the process got SIGTERM): 128 + 15, as a shell reports SIGTERM. */
    CANCELLED(143);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
