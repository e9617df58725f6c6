package io.rocketexpress.operator.launch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the operator paces launches. */
@ConfigMapping(prefix = "rocketexpress.launch")
public interface LaunchSettings {

    /**
     * How often a launch waiting for a vehicle looks for one again, from the vehicle cache (no API request),
     * besides being woken the moment a vehicle at its origin becomes Available.
     */
    @WithDefault("PT15S")
    Duration vehicleRetry();
}
