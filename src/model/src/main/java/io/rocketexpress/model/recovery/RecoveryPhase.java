package io.rocketexpress.model.recovery;

/** Where a barge recovery is. */
public enum RecoveryPhase {
    /** Accepted by the destination; no barge-recovery Job yet. */
    Pending,
    /** A barge-recovery Job runs. */
    Recovering,
    /** The cargo is unloaded and the vehicle is in this region's fleet. Terminal. */
    Recovered,
    /** Every attempt failed. Terminal. */
    Failed;

    /** True for the phases a Recovery never leaves. */
    public boolean isTerminal() {
        return this == Recovered || this == Failed;
    }
}
