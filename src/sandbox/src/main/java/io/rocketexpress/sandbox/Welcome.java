package io.rocketexpress.sandbox;

/** What the sandbox prints once everything runs: where things are, and what to try first. */
final class Welcome {

    private Welcome() {
    }

    static String text(Sandbox sandbox, SandboxSettings settings) {
        String hangzhou = sandbox.gateway(Region.HANGZHOU).toString();
        String dubai = sandbox.gateway(Region.DUBAI).toString();
        StringBuilder text = new StringBuilder("\nRocket Express is running: three regions on this machine.\n\n");
        text.append(String.format("  %-10s %-24s %-24s %s%n", "region", "gateway", "operator", "kubeconfig"));
        for (Region region : Region.ALL) {
            text.append(String.format("  %-10s %-24s %-24s %s%n", region.name(), sandbox.gateway(region),
                    sandbox.operator(region), sandbox.kubeconfig(region)));
        }
        text.append(String.format("%n  Public pages (no key): the live departures and arrivals board, and parcel tracking%n"));
        for (Region region : Region.ALL) {
            text.append(String.format("  %-10s %s/board    %s/track%n", region.name(), sandbox.gateway(region),
                    sandbox.gateway(region)));
        }
        text.append(String.format("""

                  Demo partner's API key (good at every gateway): %s
                  Admin key: %s     API explorer: %s/q/swagger-ui
                  Flights run %sx faster than real time; a launch opens on every route every %s.

                Book a parcel from Hangzhou to Dubai:

                  curl -s -X POST %s/v1/bookings -H "Authorization: Bearer %s" \\
                       -H "Content-Type: application/json" -H "Idempotency-Key: $(uuidgen || date +%%s%%N)" \\
                       -d '{"origin":"hangzhou","destination":"dubai","parcels":[{"massKg":2.5,"lengthCm":30,"widthCm":20,"heightCm":15}]}'

                Track it (any region's gateway answers), or follow it live:

                  curl -s %s/v1/tracking/<trackingNumber> -H "Authorization: Bearer %s"
                  curl -sN %s/v1/tracking/<trackingNumber>/events -H "Authorization: Bearer %s"

                Watch the schedule and the fleet as a platform team does:

                  kubectl --kubeconfig %s get launches,vehicles

                See the rockets coming in to Dubai, handed over by the regions they flew from:

                  kubectl --kubeconfig %s get recoveries

                Make a launch fail:  kubectl --kubeconfig ... annotate launch <name> %s=flight
                Logs: %s

                Press Ctrl-C to stop everything.
                """, sandbox.demoKey(), Sandbox.ADMIN_KEY, sandbox.management(Region.HANGZHOU),
                format(settings.timeScale()),
                minutes(settings.launchEvery()), hangzhou, sandbox.demoKey(), dubai, sandbox.demoKey(), hangzhou,
                sandbox.demoKey(), sandbox.kubeconfig(Region.HANGZHOU), sandbox.kubeconfig(Region.DUBAI),
                Sandbox.FAILURE_ANNOTATION,
                settings.work().resolve("logs")));
        return text.toString();
    }

    private static String minutes(java.time.Duration every) {
        return every.toSecondsPart() == 0 && every.toMinutes() > 0
                ? every.toMinutes() + (every.toMinutes() == 1 ? " minute" : " minutes")
                : every.toSeconds() + " seconds";
    }

    private static String format(double scale) {
        return scale == Math.rint(scale) ? Long.toString((long) scale) : Double.toString(scale);
    }
}
