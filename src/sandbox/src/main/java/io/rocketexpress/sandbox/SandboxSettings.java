package io.rocketexpress.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the sandbox runs.
 *
 * @param gatewayApp        the gateway's packaged application (quarkus-run.jar)
 * @param operatorApp       the operator's packaged application
 * @param basePort          Hangzhou's gateway listens here, Dubai's and Liège's on the next ports, the operators
 *                          ten ports up, the gateways' management ports twenty up; 0 takes free ports
 * @param work              logs and kubeconfigs go under it
 * @param timeScale         how much faster than real time flights and recoveries run (300: a 25-minute flight
 *                          in 5 seconds)
 * @param vehiclesPerRegion XZY-1s stationed at each region at start
 * @param turnaround        each vehicle's refurbishment after a flight (real time)
 * @param rolling           whether the timetable keeps publishing launches on every route
 * @param launchEvery       on each route, a window opens this often
 * @param cutoff            sales close this long before a window opens
 * @param gatewayProperties configuration every gateway gets on top of the sandbox's own (a test's time-scaled
 *                          webhook schedule, say); empty for the sandbox as users run it
 */
public record SandboxSettings(Path gatewayApp, Path operatorApp, int basePort, Path work, double timeScale,
                              int vehiclesPerRegion, Duration turnaround, boolean rolling, Duration launchEvery,
                              Duration cutoff, Map<String, String> gatewayProperties) {

    public SandboxSettings {
        gatewayProperties = Map.copyOf(gatewayProperties);
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("sandbox.time-scale must be positive, not " + timeScale);
        }
        if (vehiclesPerRegion < 1) {
            throw new IllegalArgumentException("sandbox.vehicles-per-region must be at least 1");
        }
    }

    /** The sandbox's gateways configured as the sandbox configures them, nothing more. */
    public SandboxSettings(Path gatewayApp, Path operatorApp, int basePort, Path work, double timeScale,
                           int vehiclesPerRegion, Duration turnaround, boolean rolling, Duration launchEvery,
                           Duration cutoff) {
        this(gatewayApp, operatorApp, basePort, work, timeScale, vehiclesPerRegion, turnaround, rolling, launchEvery,
                cutoff, Map.of());
    }

    /** From system properties: sandbox.gateway.app and sandbox.operator.app are required, the rest has defaults. */
    static SandboxSettings fromSystemProperties() {
        return new SandboxSettings(
                Path.of(required("sandbox.gateway.app")),
                Path.of(required("sandbox.operator.app")),
                Integer.getInteger("sandbox.http.port", 8080),
                Path.of(System.getProperty("sandbox.work", "target/sandbox")),
                Double.parseDouble(System.getProperty("sandbox.time-scale", "300")),
                Integer.getInteger("sandbox.vehicles-per-region", 5),
                Duration.parse(System.getProperty("sandbox.turnaround", "PT1M")),
                true,
                Duration.parse(System.getProperty("sandbox.launch-every", "PT3M")),
                Duration.parse(System.getProperty("sandbox.cutoff", "PT1M")));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("system property " + property + " is not set");
        }
        return value;
    }
}
