package io.rocketexpress.operator.launch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.time.Duration;
import java.util.Optional;

/** What the vehicle-controller and barge-recovery Jobs run with. */
@ConfigMapping(prefix = "rocketexpress.jobs")
public interface JobSettings {

    /** The vehicle-controller Job, in the origin region. */
    Kind flight();

    /** The barge-recovery Job, in the destination region. */
    Kind recovery();

    /** How many recovery Jobs a landed launch may run before it is Failed. */
    @WithDefault("3")
    @Min(1)
    @Max(20)
    int recoveryAttempts();

    /**
     * How often a Recovering launch reads its recovery Job in the destination's cluster even without news from
     * the informer watching that cluster: a safety net for missed events.
     */
    @WithDefault("PT1M")
    Duration recoveryPoll();

    interface Kind {

        /**
         * Container image. By default the simulator image the build publishes beside this operator's, of the same
         * version (the build never tags "latest"); the Helm chart sets it from its values.
         */
        @WithDefault("ghcr.io/rocketexpress/rocket-express-simulator:${quarkus.application.version}")
        String image();

        /** Kill the Job after this long (activeDeadlineSeconds). */
        @WithDefault("PT2H")
        Duration activeDeadline();

        /** Service account the Job's pod runs as (the vehicle controller annotates its own Job). */
        Optional<String> serviceAccount();

        @WithDefault("100m")
        String cpuRequest();

        @WithDefault("500m")
        String cpuLimit();

        @WithDefault("128Mi")
        String memoryRequest();

        @WithDefault("256Mi")
        String memoryLimit();
    }
}
