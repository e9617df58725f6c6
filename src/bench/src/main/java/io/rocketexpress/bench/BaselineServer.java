package io.rocketexpress.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rocketexpress.model.tracking.TrackingNumber;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The yardstick: the gateway's endpoints that the bench measures, served by a plain Vert.x HTTP server on the
 * reactive PostgreSQL client and nothing else. It writes the same rows to the same schema (the gateway's own
 * migrations) and answers the same JSON: a key is checked, a booking claims its idempotency key and the room
 * on the earliest flight with room and stores its parcels, their first tracking events (whose trigger writes
 * the webhook outbox and notifies listeners) and its answer, all in one transaction. It leaves out only what
 * is not work on the data: no framework, no validation beyond the gateway's rules, no metrics.
 */
public final class BaselineServer extends AbstractVerticle {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<String> ON_SALE = Set.of("Pending", "Scheduled");
    private static final String PICK_FLIGHT = "SELECT id, opens_at, cutoff_at FROM flight WHERE origin = $1"
            + " AND destination = $2 AND booked_g + $3 <= capacity_g AND booked_cm3 + $4 <= capacity_cm3"
            + " AND NOT sealed AND cutoff_at > $5 AND phase IN ('Pending', 'Scheduled') ORDER BY opens_at, id LIMIT 1";

    private final Pool pool;
    private final Settings settings;
    private final Map<String, Partner> keys;
    private final BaselineStreams streams;

    private BaselineServer(Pool pool, Settings settings, Map<String, Partner> keys, BaselineStreams streams) {
        this.pool = pool;
        this.settings = settings;
        this.keys = keys;
        this.streams = streams;
    }

    /** What the baseline needs to know: where it listens, its database, and the gateway's tariff and region. */
    record Settings(int port, String host, int databasePort, String database, String user, String password,
                    String region, String regionCode, Set<String> regions, BigDecimal base, BigDecimal perKg,
                    String currency, double volumetricDivisor, Duration leadTime) {

        static Settings fromSystemProperties() {
            return new Settings(Integer.getInteger("baseline.port"), "127.0.0.1",
                    Integer.getInteger("baseline.database.port"), System.getProperty("baseline.database"),
                    System.getProperty("baseline.database.user"), System.getProperty("baseline.database.password"),
                    System.getProperty("baseline.region"), System.getProperty("baseline.region.code"),
                    Set.of(System.getProperty("baseline.regions").split(",")),
                    new BigDecimal(System.getProperty("baseline.tariff.base")),
                    new BigDecimal(System.getProperty("baseline.tariff.per-kg")),
                    System.getProperty("baseline.tariff.currency"), 5000, Duration.ofHours(1));
        }
    }

    private record Partner(UUID id, String name) {
    }

    public static void main(String[] args) {
        Settings settings = Settings.fromSystemProperties();
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        Vertx vertx = Vertx.vertx();
        // The gateway's pool holds 20 connections; so does this one.
        PgConnectOptions database = new PgConnectOptions().setHost("localhost").setPort(settings.databasePort())
                .setDatabase(settings.database()).setUser(settings.user()).setPassword(settings.password())
                .setCachePreparedStatements(true)
                // As the gateway's connections: each statement planned once, generically.
                .addProperty("plan_cache_mode", "force_generic_plan");
        Pool pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(20))
                .connectingTo(database)
                .using(vertx)
                .build();
        BaselineStreams streams = new BaselineStreams(vertx, database, pool);
        new BaselineWebhooks(vertx, pool);
        Map<String, Partner> keys = new ConcurrentHashMap<>();
        pool.query("SELECT k.hash, p.id, p.name FROM api_key k JOIN partner p ON p.id = k.partner_id"
                        + " WHERE k.revoked_at IS NULL").execute()
                .compose(rows -> {
                    rows.forEach(row -> keys.put(row.getString(0), new Partner(row.getUUID(1), row.getString(2))));
                    return vertx.deployVerticle(() -> new BaselineServer(pool, settings, keys, streams),
                            new DeploymentOptions().setInstances(cores));
                })
                .onSuccess(deployed -> System.out.println("baseline listening on " + settings.port()))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public void start(io.vertx.core.Promise<Void> started) {
        vertx.createHttpServer().requestHandler(this::handle).listen(settings.port(), settings.host())
                .<Void>mapEmpty().onComplete(started);
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/q/health/live")) {
            request.response().putHeader("Content-Type", "application/json").end("{\"status\":\"UP\",\"checks\":[]}");
            return;
        }
        Partner partner = authenticate(request.getHeader("Authorization"));
        if (partner == null) {
            problem(request, 401, "this API key is unknown or revoked");
            return;
        }
        if (request.method() == HttpMethod.POST && path.equals("/v1/bookings")) {
            request.body().onSuccess(body -> book(request, partner, body));
        } else if (request.method() == HttpMethod.GET && path.startsWith("/v1/bookings/")) {
            readBooking(request, partner, path.substring("/v1/bookings/".length()));
        } else if (request.method() == HttpMethod.GET && path.startsWith("/v1/tracking/") && path.endsWith("/events")) {
            streams.open(request, partner.id(), path.substring("/v1/tracking/".length(), path.length() - "/events".length()));
        } else if (request.method() == HttpMethod.GET && path.startsWith("/v1/tracking/")) {
            track(request, partner, path.substring("/v1/tracking/".length()));
        } else if (request.method() == HttpMethod.GET && path.equals("/v1/flights")) {
            flights(request, request.getParam("origin"), request.getParam("destination"));
        } else {
            problem(request, 404, "no such resource");
        }
    }

    private Partner authenticate(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return null;
        }
        return keys.get(sha256(header.substring(7).trim().getBytes(StandardCharsets.UTF_8)));
    }

    private void book(HttpServerRequest request, Partner partner, Buffer body) {
        String key = request.getHeader("Idempotency-Key");
        JsonNode shipment;
        try {
            shipment = JSON.readTree(body.getBytes());
        } catch (java.io.IOException e) {
            problem(request, 400, "the body is not JSON");
            return;
        }
        String origin = shipment.path("origin").asText();
        String destination = shipment.path("destination").asText();
        JsonNode parcels = shipment.path("parcels");
        if (key == null || key.isBlank() || !settings.regions().contains(destination) || origin.equals(destination)
                || !origin.equals(settings.region()) || !parcels.isArray() || parcels.isEmpty() || parcels.size() > 100) {
            problem(request, 400, "invalid booking");
            return;
        }
        int count = parcels.size();
        String[] numbers = new String[count];
        Integer[] positions = new Integer[count];
        Long[] grams = new Long[count];
        Double[] lengths = new Double[count];
        Double[] widths = new Double[count];
        Double[] heights = new Double[count];
        long mass = 0;
        long volume = 0;
        long chargeable = 0;
        for (int i = 0; i < count; i++) {
            JsonNode parcel = parcels.get(i);
            numbers[i] = TrackingNumber.generate(settings.regionCode(), RANDOM).toString();
            positions[i] = i;
            grams[i] = Math.round(parcel.path("massKg").asDouble() * 1_000);
            lengths[i] = parcel.path("lengthCm").asDouble();
            widths[i] = parcel.path("widthCm").asDouble();
            heights[i] = parcel.path("heightCm").asDouble();
            if (grams[i] <= 0 || grams[i] > 500_000 || lengths[i] <= 0 || widths[i] <= 0 || heights[i] <= 0) {
                problem(request, 400, "invalid parcel " + i);
                return;
            }
            double cm3 = lengths[i] * widths[i] * heights[i];
            mass += grams[i];
            volume += Math.round(cm3);
            chargeable += Math.max(grams[i], Math.round(cm3 / settings.volumetricDivisor() * 1_000));
        }
        BigDecimal price = settings.base().add(settings.perKg().multiply(BigDecimal.valueOf(chargeable).movePointLeft(3)))
                .setScale(2, RoundingMode.HALF_UP);
        String requestHash = sha256(shipment.toString().getBytes(StandardCharsets.UTF_8));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        Booking booking = new Booking(UUID.randomUUID(), partner.id(), origin, destination, mass, volume, chargeable,
                price, numbers, positions, grams, lengths, widths, heights, now);
        attempt(booking, key, requestHash, 0)
                .onSuccess(answer -> request.response().setStatusCode(answer.status())
                        .putHeader("Content-Type", answer.status() < 300 ? "application/json" : "application/problem+json")
                        .end(answer.body()))
                .onFailure(failure -> problem(request, 500, failure.getMessage()));
    }

    /** One transaction; retried when the flight it picked filled up before its claim. */
    private Future<Answer> attempt(Booking booking, String key, String requestHash, int attempt) {
        return pool.withConnection(connection -> connection.query("BEGIN").execute()
                        .compose(begun -> connection.preparedQuery("INSERT INTO idempotency_record (partner_id,"
                                        + " idempotency_key, request_hash, created_at) VALUES ($1, $2, $3, $4)"
                                        + " ON CONFLICT DO NOTHING")
                                .execute(Tuple.of(booking.partner(), key, requestHash, booking.at())))
                        .compose(claimed -> claimed.rowCount() == 1
                                ? pickFlight(connection, booking).compose(flight -> store(connection, booking, key, flight))
                                : replay(connection, booking.partner(), key, requestHash)
                                        .compose(answer -> connection.query("COMMIT").execute().map(answer)))
                        .recover(failure -> connection.query("ROLLBACK").execute()
                                .transform(ended -> Future.<Answer>failedFuture(failure))))
                .recover(failure -> failure instanceof RoomTaken && attempt < 50
                        ? attempt(booking, key, requestHash, attempt + 1) : Future.failedFuture(failure));
    }

    private static final class RoomTaken extends RuntimeException {
        RoomTaken() {
            super("the flight filled up", null, false, false);
        }
    }

    private record Booking(UUID id, UUID partner, String origin, String destination, long mass, long volume,
                           long chargeable, BigDecimal price, String[] numbers, Integer[] positions, Long[] grams,
                           Double[] lengths, Double[] widths, Double[] heights, OffsetDateTime at) {
    }

    private record Flight(String id, OffsetDateTime opensAt, OffsetDateTime cutoffAt) {
    }

    private record Answer(int status, String body) {
    }

    /** The earliest flight with room, not locked; null when none has it (waitlisted). */
    private Future<Flight> pickFlight(SqlConnection connection, Booking booking) {
        return connection.preparedQuery(PICK_FLIGHT).execute(Tuple.of(booking.origin(), booking.destination(),
                        booking.mass(), booking.volume(), booking.at()))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Flight(row.getString(0), row.getOffsetDateTime(1), row.getOffsetDateTime(2));
                });
    }

    /** The booking, its parcels, their first events and the stored answer, sent together. */
    private Future<Answer> store(SqlConnection connection, Booking booking, String key, Flight flight) {
        String status = flight == null ? "WAITLISTED" : "CONFIRMED";
        String parcelStatus = flight == null ? "WAITLISTED" : "BOOKED";
        String detail = flight == null ? "no flight " + booking.origin() + " → " + booking.destination() + " has room yet"
                : "booked on flight " + flight.id();
        String body = view(booking, status, parcelStatus, flight).toString();
        Future<RowSet<Row>> inserted = connection.preparedQuery("INSERT INTO booking (id, partner_id, origin, destination,"
                        + " status, flight_id, mass_g, volume_cm3, chargeable_g, price, currency, created_at, updated_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)")
                .execute(Tuple.from(new Object[] {booking.id(), booking.partner(), booking.origin(), booking.destination(),
                        status, flight == null ? null : flight.id(), booking.mass(), booking.volume(), booking.chargeable(),
                        booking.price(), settings.currency(), booking.at()}));
        Future<RowSet<Row>> parcels = connection.preparedQuery("INSERT INTO parcel (tracking_number, booking_id, position,"
                        + " mass_g, length_cm, width_cm, height_cm, status, updated_at)"
                        + " SELECT t, $2, p, m, l, w, h, $7, $8 FROM unnest($1::text[], $3::int4[], $4::int8[],"
                        + " $5::float8[], $6::float8[], $9::float8[]) AS x(t, p, m, l, w, h)")
                .execute(Tuple.from(new Object[] {booking.numbers(), booking.id(), booking.positions(), booking.grams(),
                        booking.lengths(), booking.widths(), parcelStatus, booking.at(), booking.heights()}));
        Future<RowSet<Row>> events = connection.preparedQuery("INSERT INTO tracking_event (tracking_number, status,"
                        + " occurred_at, region, detail) SELECT t, $2, $3, $4, $5 FROM unnest($1::text[]) AS t")
                .execute(Tuple.of(booking.numbers(), parcelStatus, booking.at(), settings.region(), detail));
        Future<RowSet<Row>> answered = connection.preparedQuery("UPDATE idempotency_record SET response_status = 201,"
                        + " response_body = $3 WHERE partner_id = $1 AND idempotency_key = $2")
                .execute(Tuple.of(booking.partner(), key, body));
        // The room is claimed last, with the COMMIT right behind: the flight's row stays locked only in PostgreSQL.
        Future<RowSet<Row>> claimed = flight == null ? Future.succeededFuture(null)
                : connection.preparedQuery("SELECT claim_room($1, $2, $3, $4, $5)").execute(Tuple.of(flight.id(),
                        booking.mass(), booking.volume(), booking.at(), new String[] {"Pending", "Scheduled"}));
        Future<RowSet<Row>> committed = connection.query("COMMIT").execute();
        return Future.join(List.of(inserted, parcels, events, answered, claimed, committed)).transform(all -> {
            if (claimed.failed() && claimed.cause() instanceof PgException pg && "RX001".equals(pg.getSqlState())) {
                return Future.failedFuture(new RoomTaken());
            }
            return all.succeeded() ? Future.succeededFuture(new Answer(201, body)) : Future.failedFuture(all.cause());
        });
    }

    private Future<Answer> replay(SqlConnection connection, UUID partner, String key, String requestHash) {
        return connection.preparedQuery("SELECT request_hash, response_status, response_body FROM idempotency_record"
                        + " WHERE partner_id = $1 AND idempotency_key = $2").execute(Tuple.of(partner, key))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (!requestHash.equals(row.getString(0))) {
                        return new Answer(422, problemBody(422, "Idempotency-Key was already used for another request"));
                    }
                    if (row.getInteger(1) == null) {
                        return new Answer(409, problemBody(409, "a request with this Idempotency-Key is in progress"));
                    }
                    return new Answer(row.getInteger(1), row.getString(2));
                });
    }

    private ObjectNode view(Booking booking, String status, String parcelStatus, Flight flight) {
        ObjectNode view = JSON.createObjectNode();
        view.put("id", booking.id().toString()).put("status", status).put("origin", booking.origin())
                .put("destination", booking.destination());
        if (flight == null) {
            view.putNull("flight");
            view.putNull("estimatedDeliveryAt");
        } else {
            view.putObject("flight").put("id", flight.id()).put("opensAt", instant(flight.opensAt()))
                    .put("cutoffAt", instant(flight.cutoffAt()));
            view.put("estimatedDeliveryAt", instant(flight.opensAt().plus(settings.leadTime())));
        }
        view.putObject("price").put("amount", booking.price()).put("currency", settings.currency());
        view.put("massKg", booking.mass() / 1_000.0).put("volumeM3", booking.volume() / 1_000_000.0)
                .put("chargeableKg", booking.chargeable() / 1_000.0);
        ArrayNode parcels = view.putArray("parcels");
        for (int i = 0; i < booking.numbers().length; i++) {
            parcels.addObject().put("trackingNumber", booking.numbers()[i]).put("massKg", booking.grams()[i] / 1_000.0)
                    .put("lengthCm", booking.lengths()[i]).put("widthCm", booking.widths()[i])
                    .put("heightCm", booking.heights()[i]).put("status", parcelStatus);
        }
        view.put("createdAt", instant(booking.at()));
        return view;
    }

    private void readBooking(HttpServerRequest request, Partner partner, String id) {
        UUID bookingId;
        try {
            bookingId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            problem(request, 404, "no booking " + id);
            return;
        }
        pool.preparedQuery("SELECT b.id, b.status, b.origin, b.destination, b.flight_id, f.opens_at, f.cutoff_at,"
                        + " b.price, b.currency, b.mass_g, b.volume_cm3, b.chargeable_g, b.created_at, p.tracking_number,"
                        + " p.mass_g, p.length_cm, p.width_cm, p.height_cm, p.status"
                        + " FROM booking b LEFT JOIN flight f ON f.id = b.flight_id JOIN parcel p ON p.booking_id = b.id"
                        + " WHERE b.id = $1 AND b.partner_id = $2 ORDER BY p.position")
                .execute(Tuple.of(bookingId, partner.id()))
                .onSuccess(rows -> {
                    if (rows.rowCount() == 0) {
                        problem(request, 404, "you have no booking " + id);
                        return;
                    }
                    ObjectNode view = JSON.createObjectNode();
                    ArrayNode parcels = null;
                    for (Row row : rows) {
                        if (parcels == null) {
                            boolean onFlight = "CONFIRMED".equals(row.getString(1));
                            view.put("id", row.getUUID(0).toString()).put("status", row.getString(1))
                                    .put("origin", row.getString(2)).put("destination", row.getString(3));
                            if (onFlight) {
                                view.putObject("flight").put("id", row.getString(4))
                                        .put("opensAt", instant(row.getOffsetDateTime(5)))
                                        .put("cutoffAt", instant(row.getOffsetDateTime(6)));
                                view.put("estimatedDeliveryAt",
                                        instant(row.getOffsetDateTime(5).plus(settings.leadTime())));
                            } else {
                                view.putNull("flight");
                                view.putNull("estimatedDeliveryAt");
                            }
                            view.putObject("price").put("amount", row.getBigDecimal(7)).put("currency", row.getString(8));
                            view.put("massKg", row.getLong(9) / 1_000.0).put("volumeM3", row.getLong(10) / 1_000_000.0)
                                    .put("chargeableKg", row.getLong(11) / 1_000.0);
                            parcels = view.putArray("parcels");
                            view.put("createdAt", instant(row.getOffsetDateTime(12)));
                        }
                        parcels.addObject().put("trackingNumber", row.getString(13))
                                .put("massKg", row.getLong(14) / 1_000.0)
                                .put("lengthCm", row.getBigDecimal(15).doubleValue())
                                .put("widthCm", row.getBigDecimal(16).doubleValue())
                                .put("heightCm", row.getBigDecimal(17).doubleValue())
                                .put("status", row.getString(18));
                    }
                    json(request, view);
                })
                .onFailure(failure -> problem(request, 500, failure.getMessage()));
    }

    private void track(HttpServerRequest request, Partner partner, String number) {
        if (!TrackingNumber.isValid(number)) {
            problem(request, 400, "not a tracking number: " + number);
            return;
        }
        pool.preparedQuery("SELECT p.status, b.origin, b.destination, b.status, b.flight_id, e.status, e.occurred_at,"
                        + " e.region, e.detail FROM parcel p JOIN booking b ON b.id = p.booking_id AND b.partner_id = $2"
                        + " LEFT JOIN tracking_event e ON e.tracking_number = p.tracking_number"
                        + " WHERE p.tracking_number = $1 ORDER BY e.id")
                .execute(Tuple.of(number, partner.id()))
                .onSuccess(rows -> {
                    if (rows.rowCount() == 0) {
                        problem(request, 404, "you have no parcel " + number);
                        return;
                    }
                    ObjectNode view = JSON.createObjectNode();
                    ArrayNode events = null;
                    for (Row row : rows) {
                        if (events == null) {
                            view.put("trackingNumber", number).put("status", row.getString(0))
                                    .put("origin", row.getString(1)).put("destination", row.getString(2))
                                    .put("flight", "CONFIRMED".equals(row.getString(3)) ? row.getString(4) : null);
                            events = view.putArray("events");
                        }
                        if (row.getString(5) != null) {
                            events.addObject().put("status", row.getString(5))
                                    .put("at", instant(row.getOffsetDateTime(6))).put("region", row.getString(7))
                                    .put("detail", row.getString(8));
                        }
                    }
                    json(request, view);
                })
                .onFailure(failure -> problem(request, 500, failure.getMessage()));
    }

    private void flights(HttpServerRequest request, String origin, String destination) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        pool.preparedQuery("SELECT id, origin, destination, opens_at, closes_at, cutoff_at, phase, sealed, capacity_g,"
                        + " capacity_cm3, booked_g, booked_cm3 FROM flight WHERE closes_at > $1"
                        + " AND ($2::text IS NULL OR origin = $2) AND ($3::text IS NULL OR destination = $3)"
                        + " ORDER BY opens_at, id")
                .execute(Tuple.of(now, origin, destination))
                .onSuccess(rows -> {
                    ArrayNode list = JSON.createArrayNode();
                    for (Row row : rows) {
                        boolean onSale = !row.getBoolean(7) && now.isBefore(row.getOffsetDateTime(5))
                                && ON_SALE.contains(row.getString(6));
                        list.addObject().put("id", row.getString(0)).put("origin", row.getString(1))
                                .put("destination", row.getString(2)).put("opensAt", instant(row.getOffsetDateTime(3)))
                                .put("closesAt", instant(row.getOffsetDateTime(4)))
                                .put("cutoffAt", instant(row.getOffsetDateTime(5))).put("phase", row.getString(6))
                                .put("onSale", onSale).put("capacityKg", row.getLong(8) / 1_000.0)
                                .put("capacityM3", row.getLong(9) / 1_000_000.0)
                                .put("remainingKg", Math.max(0, row.getLong(8) - row.getLong(10)) / 1_000.0)
                                .put("remainingM3", Math.max(0, row.getLong(9) - row.getLong(11)) / 1_000_000.0);
                    }
                    json(request, list);
                })
                .onFailure(failure -> problem(request, 500, failure.getMessage()));
    }

    private static String instant(OffsetDateTime time) {
        return time.toInstant().toString();
    }

    private static void json(HttpServerRequest request, JsonNode body) {
        request.response().putHeader("Content-Type", "application/json").end(body.toString());
    }

    private static void problem(HttpServerRequest request, int status, String detail) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json")
                .end(problemBody(status, detail));
    }

    private static String problemBody(int status, String detail) {
        return JSON.createObjectNode().put("status", status).put("detail", detail).toString();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
