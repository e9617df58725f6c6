package io.rocketexpress.gateway.pages;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Settings of the public pages this region's gateway serves: the departures and arrivals board ({@code /board})
 * and parcel tracking ({@code /track}).
 */
@ConfigMapping(prefix = "rocketexpress.gateway.pages")
public interface PagesConfig {

    /**
     * Whether anyone with a tracking number may follow the parcel on {@code /track} (this region's parcels, here and
     * through other regions' pages). Off, the page says tracking is available through the partner who sent it.
     */
    @WithDefault("true")
    boolean publicTracking();

    /** Zone the pages show times in. */
    @WithDefault("UTC")
    ZoneId timeZone();

    /** Requests per client address to the pages. */
    VisitorLimit rateLimit();

    /** The departures and arrivals board. */
    Board board();

    interface VisitorLimit {

        /** Sustained page requests per second one client address may make to one gateway replica. */
        @WithDefault("2")
        @Min(1)
        @Max(10_000)
        int requestsPerSecond();

        /** Page requests one client address may make at once above the sustained rate. */
        @WithDefault("30")
        @Min(1)
        @Max(100_000)
        int burst();
    }

    interface Board {

        /** Most flights each list of the board shows, earliest window first. */
        @WithDefault("40")
        @Min(1)
        @Max(1_000)
        int rows();

        /** How long a flight that ended (completed, scrubbed, failed) stays on the board. */
        @WithDefault("PT1H")
        Duration keepEnded();

        /**
         * How soon after a booking or a cancellation commits (on any replica) open boards read the departures
         * again, so that the fill bars move: bookings that come meanwhile make one read, not one each.
         */
        @WithDefault("PT0.5S")
        Duration fillDelay();

        /**
         * How often the board is read again even without a change it was told of: other regions' departures to
         * this one, mostly.
         */
        @WithDefault("PT10S")
        Duration refresh();

        /**
         * How long other regions' departures, once read, serve the board pages that open: a page opening later
         * reads them again. Open boards get them every {@link #refresh()}.
         */
        @WithDefault("PT10S")
        Duration arrivalsMaxAge();

        /** Flight time of a hop, from liftoff to landing: an in-flight flight's progress bar runs over it. */
        @WithDefault("PT25M")
        Duration hop();

        /** Longest quiet time on a board's live stream before a heartbeat comment is sent. */
        @WithDefault("PT15S")
        Duration heartbeat();
    }
}
