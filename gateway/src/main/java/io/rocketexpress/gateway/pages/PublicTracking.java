package io.rocketexpress.gateway.pages;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.gateway.config.Regions;
import io.rocketexpress.gateway.peer.PeerReads;
import io.rocketexpress.gateway.tracking.TrackingStream;
import io.rocketexpress.model.tracking.TrackingNumber;
import io.rocketexpress.model.tracking.TrackingStatus;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Public tracking: a parcel's journey by its number alone, with nothing but statuses, times and regions. A number
 * of this region is read here; another region's is read from that region's gateway, as the partner API does. A
 * region whose public tracking is off answers as if the parcel did not exist, so nobody learns which numbers are
 * real.
 */
@ApplicationScoped
public class PublicTracking {

    /** The parcel, the flight it is booked on, and its events, oldest first. */
    private static final String JOURNEY = """
            SELECT p.status, b.origin, b.destination, f.opens_at, e.id, e.status AS event_status, e.occurred_at,
                   e.region
            FROM parcel p JOIN booking b ON b.id = p.booking_id
            LEFT JOIN flight f ON f.id = b.flight_id AND b.status = 'CONFIRMED'
            LEFT JOIN tracking_event e ON e.tracking_number = p.tracking_number
            WHERE p.tracking_number = $1 ORDER BY e.id""";

    private final Pool pool;
    private final TrackingStream stream;
    private final PeerReads peers;
    private final Regions regions;
    private final GatewayConfig gateway;
    private final PagesConfig config;
    private final ObjectMapper json;
    private final ObjectReader parcels;

    PublicTracking(Pool pool, TrackingStream stream, PeerReads peers, Regions regions, GatewayConfig gateway,
                   PagesConfig config, ObjectMapper json) {
        this.pool = pool;
        this.stream = stream;
        this.peers = peers;
        this.regions = regions;
        this.gateway = gateway;
        this.config = config;
        this.json = json;
        this.parcels = json.readerFor(PublicParcel.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** Whether this region's parcels may be tracked by the public. */
    public boolean enabled() {
        return config.publicTracking();
    }

    /** Whether the number's parcel is another region's. */
    public boolean elsewhere(TrackingNumber number) {
        return !number.regionCode().equals(regions.localCode());
    }

    /**
     * The parcel's journey: of this region read here, of another asked of its gateway.
     *
     * @return empty for a number nobody shows the public (unknown, or of a region that keeps tracking private);
     * a failure when the parcel's region cannot be asked
     */
    public Uni<Optional<PublicParcel>> find(TrackingNumber number) {
        if (!elsewhere(number)) {
            return local(number);
        }
        Optional<String> region = regions.named(number.regionCode());
        if (region.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return peers.get(region.get(), PeerPages.PARCELS + number).map(body -> body.map(this::parse));
    }

    /**
     * The parcel's journey now and after each change, ending once the journey did. Empty items are heartbeats.
     *
     * @return empty when there is no such public parcel
     */
    public Uni<Optional<Multi<Optional<PublicParcel>>>> follow(TrackingNumber number) {
        if (!elsewhere(number)) {
            return local(number).map(found -> found.map(parcel -> Multi.createBy().concatenating().streams(
                    Multi.createFrom().item(Optional.of(parcel)), changes(number, parcel.lastEvent()))));
        }
        Optional<String> region = regions.named(number.regionCode());
        if (region.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return peers.events(region.get(), PeerPages.PARCELS + number + "/events")
                .map(events -> events.map(data -> data.map(text -> text.isBlank() ? Optional.<PublicParcel>empty()
                        : Optional.of(parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))))));
    }

    /** This region's parcel, read after each new event; heartbeats pass through as empty items. */
    private Multi<Optional<PublicParcel>> changes(TrackingNumber number, long after) {
        return stream.follow(number.toString(), after)
                .filter(item -> item instanceof TrackingStream.Event || item instanceof TrackingStream.Heartbeat)
                .onItem().transformToUniAndConcatenate(item -> item instanceof TrackingStream.Heartbeat
                        ? Uni.createFrom().item(Optional.<PublicParcel>empty())
                        : local(number));
    }

    private Uni<Optional<PublicParcel>> local(TrackingNumber number) {
        if (!config.publicTracking()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pool.preparedQuery(JOURNEY).execute(Tuple.of(number.toString())).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            List<PublicParcel.Step> steps = new ArrayList<>();
            Row first = null;
            long last = 0;
            for (Row row : rows) {
                first = first == null ? row : first;
                if (row.getString("event_status") != null) {
                    steps.add(new PublicParcel.Step(row.getString("event_status"),
                            row.getOffsetDateTime("occurred_at").toInstant(), row.getString("region")));
                    last = row.getLong("id");
                }
            }
            String status = first.getString("status");
            OffsetDateTime opens = first.getOffsetDateTime("opens_at");
            Instant eta = opens == null || TrackingStatus.valueOf(status).isTerminal() ? null
                    : opens.toInstant().plus(gateway.gateway().deliveryLeadTime());
            return Optional.of(new PublicParcel(number.toString(), status, first.getString("origin"),
                    first.getString("destination"), eta, steps, last));
        });
    }

    /** The journey as JSON, for another region's gateway. */
    public String json(PublicParcel parcel) {
        try {
            return json.writeValueAsString(parcel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PublicParcel parse(byte[] body) {
        try {
            return parcels.readValue(body);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable parcel: " + e.getMessage(), e);
        }
    }
}
