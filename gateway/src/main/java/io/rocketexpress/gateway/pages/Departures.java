package io.rocketexpress.gateway.pages;

import io.rocketexpress.gateway.config.Regions;
import io.rocketexpress.gateway.launch.ScheduleWatch;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.LaunchPhase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * This region's departures as the board shows them, from the flight table (what the schedule watch keeps, with
 * what is booked) and the Launches the watch holds (liftoff time, vehicle).
 */
@ApplicationScoped
public class Departures {

    /**
     * Flights in the air or recovering always; flights to come until their window has been closed a while; ended
     * ones for a while after they ended.
     */
    private static final String SHOWN = """
            SELECT id, origin, destination, opens_at, closes_at, cutoff_at, capacity_g, capacity_cm3, booked_g,
                   booked_cm3, phase, sealed
            FROM flight
            WHERE origin = $1 AND ($2::text IS NULL OR destination = $2)
              AND (phase = ANY ($3) OR (phase = ANY ($4) AND closes_at > $5) OR (phase = ANY ($6) AND updated_at > $5))
            ORDER BY opens_at, id LIMIT $7""";
    private static final String[] UNDER_WAY = names(LaunchPhase.Launching, LaunchPhase.InFlight, LaunchPhase.Landed,
            LaunchPhase.Recovering);
    private static final String[] TO_COME = names(LaunchPhase.Pending, LaunchPhase.Scheduled);
    private static final String[] ENDED = names(LaunchPhase.Completed, LaunchPhase.Scrubbed, LaunchPhase.Failed);

    private final Pool pool;
    private final Regions regions;
    private final ScheduleWatch schedule;
    private final PagesConfig config;
    private final Clock clock;

    Departures(Pool pool, Regions regions, ScheduleWatch schedule, PagesConfig config, Clock clock) {
        this.pool = pool;
        this.regions = regions;
        this.schedule = schedule;
        this.config = config;
        this.clock = clock;
    }

    /** This region's departures, to {@code destination} only when given, earliest window first. */
    public Uni<List<PublicFlight>> read(String destination) {
        Instant since = clock.instant().minus(config.board().keepEnded());
        return pool.preparedQuery(SHOWN)
                .execute(Tuple.tuple(Arrays.asList(regions.local(), destination, UNDER_WAY, TO_COME,
                        since.atOffset(ZoneOffset.UTC), ENDED, config.board().rows())))
                .map(rows -> {
                    List<PublicFlight> flights = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        flights.add(flight(row));
                    }
                    return flights;
                });
    }

    private PublicFlight flight(Row row) {
        String id = row.getString("id");
        Optional<Launch> launch = schedule.launch(id);
        Instant liftoff = launch.map(Launch::getStatus).map(status -> status.getLiftoffAt()).map(Departures::time)
                .orElse(null);
        String vehicle = launch.map(l -> l.getStatus() != null && l.getStatus().getVehicle() != null
                ? l.getStatus().getVehicle() : blankToNull(l.getSpec().getVehicle())).orElse(null);
        return new PublicFlight(id, row.getString("origin"), row.getString("destination"),
                row.getOffsetDateTime("opens_at").toInstant(), row.getOffsetDateTime("closes_at").toInstant(),
                row.getOffsetDateTime("cutoff_at").toInstant(), row.getString("phase"), row.getBoolean("sealed"),
                liftoff, vehicle, share(row.getLong("booked_g"), row.getLong("capacity_g")),
                share(row.getLong("booked_cm3"), row.getLong("capacity_cm3")));
    }

    private static double share(long booked, long capacity) {
        return capacity <= 0 ? 0 : Math.min(1, (double) booked / capacity);
    }

    private static Instant time(String rfc3339) {
        try {
            return OffsetDateTime.parse(rfc3339).toInstant();
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String[] names(LaunchPhase... phases) {
        return Arrays.stream(phases).map(Enum::name).toArray(String[]::new);
    }
}
