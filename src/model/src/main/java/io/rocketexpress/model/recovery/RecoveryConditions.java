package io.rocketexpress.model.recovery;

/** Condition types a Recovery reports: {@code kubectl wait --for=condition=Recovered recovery/NAME}. */
public final class RecoveryConditions {

    /** The cargo is unloaded and the arriving vehicle is in this region's fleet. */
    public static final String RECOVERED = "Recovered";
    /** Every barge-recovery attempt failed. */
    public static final String FAILED = "Failed";

    /** Reason of Recovered=False while another vehicle of the same name is already in this region's fleet. */
    public static final String VEHICLE_NAME_TAKEN = "VehicleNameTaken";

    private RecoveryConditions() {
    }
}
