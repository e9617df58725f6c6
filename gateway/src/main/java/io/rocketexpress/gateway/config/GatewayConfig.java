package io.rocketexpress.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import java.util.Map;
import java.util.Optional;

/** Settings of one region's gateway. Environment variables override them (ROCKETEXPRESS_GATEWAY_REGION, ...). */
@ConfigMapping(prefix = "rocketexpress")
public interface GatewayConfig {

    /** This gateway's settings. */
    Gateway gateway();

    /** Every region of the network by name (hangzhou, dubai, ...), this one included. */
    Map<String, RegionEntry> regions();

    interface Gateway {

        /** Name of the region this gateway serves: bookings from here belong to it. */
        @NotBlank
        String region();

        /**
         * Key of the administrator who creates partners and issues their keys; from a Secret in production.
         * Without it the admin API answers 503.
         */
        Optional<String> adminKey();

        /** Per-partner request rate limit. */
        RateLimit rateLimit();
    }

    interface RegionEntry {

        /** Three-letter code carried by the region's tracking numbers. */
        @Pattern(regexp = "[A-Z]{3}")
        String code();
    }

    interface RateLimit {

        /** Sustained requests per second a partner may make to one gateway replica. */
        @WithDefault("50")
        @Min(1)
        @Max(100_000)
        int requestsPerSecond();

        /** Requests a partner may make at once above the sustained rate. */
        @WithDefault("100")
        @Min(1)
        @Max(1_000_000)
        int burst();
    }
}
