package io.rocketexpress.gateway.launch;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** A gateway that does not see its region's schedule would sell flights that are not there: not ready. */
@Readiness
public class ScheduleReadiness implements HealthCheck {

    private final ScheduleWatch watch;

    ScheduleReadiness(ScheduleWatch watch) {
        this.watch = watch;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("schedule").status(watch.connected())
                .withData("watching", watch.describe()).build();
    }
}
