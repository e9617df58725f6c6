package io.rocketexpress.operator.launch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the operator paces launches. */
@ConfigMapping(prefix = "rocketexpress.launch")
public interface LaunchSettings {

    /** How often a launch waiting for a vehicle looks for one again. */
    @WithDefault("PT15S")
    Duration vehicleRetry();
}
