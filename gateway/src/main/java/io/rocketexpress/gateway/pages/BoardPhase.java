package io.rocketexpress.gateway.pages;

import io.rocketexpress.model.launch.LaunchPhase;

import java.time.Instant;

/**
 * A flight's phase as the board names it: the Launch's phase, with the time before liftoff split by what a
 * shipper cares about (on sale, sales closed, manifest sealed). Each has a symbol and a style, and always its
 * name: a phase is never told by colour alone.
 */
public enum BoardPhase {
    SCHEDULED("\u25F7"),
    SALES_CLOSED("\u2298"),
    SEALED("\u25A3"),
    LAUNCHING("\u25B2"),
    IN_FLIGHT("\u2197"),
    LANDED("\u25BC"),
    RECOVERING("\u2693"),
    COMPLETED("\u2713"),
    SCRUBBED("\u2715"),
    FAILED("\u26A0");

    private final String symbol;

    BoardPhase(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** The style class of the phase's badge. */
    public String style() {
        return "phase-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    static BoardPhase of(String launchPhase, boolean sealed, Instant cutoffAt, Instant now) {
        LaunchPhase phase;
        try {
            phase = LaunchPhase.valueOf(launchPhase);
        } catch (IllegalArgumentException | NullPointerException unknown) {
            // A peer on a newer version may know phases this one does not.
            return SCHEDULED;
        }
        return switch (phase) {
            case Pending, Scheduled -> sealed ? SEALED : cutoffAt == null || now.isBefore(cutoffAt) ? SCHEDULED
                    : SALES_CLOSED;
            case Launching -> LAUNCHING;
            case InFlight -> IN_FLIGHT;
            case Landed -> LANDED;
            case Recovering -> RECOVERING;
            case Completed -> COMPLETED;
            case Scrubbed -> SCRUBBED;
            case Failed -> FAILED;
        };
    }
}
