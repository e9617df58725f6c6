package io.rocketexpress.bench;

import io.rocketexpress.bench.LoadGenerator.Outcome;
import io.rocketexpress.bench.LoadGenerator.Script;
import io.rocketexpress.bench.Workloads.Server;
import io.rocketexpress.sandbox.EmbeddedDatabase;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The benchmark suite: each workload runs against the gateway and then against the baseline, in the same run,
 * on the same PostgreSQL server, with the same data and the same load. The ratio of the two is the figure that
 * counts; absolute numbers depend on the machine. At the end, each database is checked to hold exactly what
 * was accepted, so neither side can have skipped work.
 */
public final class Bench {

    /** The in-process API server logs every request; held here because loggers are weak references. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private Bench() {
    }

    public static void main(String[] args) {
        BenchSettings settings;
        try {
            settings = BenchSettings.fromSystemProperties();
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        Results results = run(settings);
        Path file = results.write(settings.work(), settings);
        System.out.println("results: " + file);
        long errors = results.errors();
        if (errors > 0) {
            System.err.println("bench: " + errors + " requests or steps failed; the figures above are not valid");
            System.exit(1);
        }
        System.exit(0);
    }

    /** Parcels each database holds when the measured workloads begin: in a full run, and in a smoke run. */
    static final int FIRST_PARCELS = 20_000;
    static final int FIRST_PARCELS_SMOKE = 100;

    /** The workloads that run against the gateway and the baseline. */
    static final List<String> GATEWAY_WORKLOADS = List.of("health-live", "flights", "book-10-hot",
            "book-10-hot-half", "book-10-spread", "book-1", "track-read", "booking-read", "stream-fanout", "webhooks");

    /**
     * Runs the gateway's workloads against both servers and checks both databases, then the operator at scale
     * on clusters and operators of its own; each part starts what it needs and stops it before the next.
     */
    static Results run(BenchSettings settings) {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        Results results = new Results();
        if (GATEWAY_WORKLOADS.stream().anyMatch(settings::runs)) {
            runGateway(settings, results);
        }
        if (settings.runs(OperatorScale.NAME)) {
            System.out.println("Starting local clusters and an operator for each (" + OperatorScale.NAME + ") ...");
            results.operator(OperatorScale.run(settings));
        }
        return results;
    }

    /** Starts the servers, runs every workload against both, checks both databases, stops everything. */
    private static void runGateway(BenchSettings settings, Results results) {
        System.out.println("Starting PostgreSQL, a local cluster, the gateway and the baseline ...");
        try (BenchNetwork network = BenchNetwork.start(settings); LoadGenerator load = new LoadGenerator()) {
            Server gateway = new Server("gateway", network.gateway(), network.keys(), network.gatewayCompilers(),
                    network.gatewayCpu());
            Server baseline = new Server("baseline", network.baseline(), network.keys(), network.baselineCompilers(),
                    network.baselineCpu());
            Runner runner = new Runner(load, settings, results, gateway, baseline, network, network.databaseCpu());
            runner.warmUpCompilers();
            runner.startAfresh();
            System.out.println(Results.header());
            runner.health("health-live", network.gatewayManagement());
            runner.both("flights", Workloads::flights, null);
            Results.Row hot = runner.both("book-10-hot", server -> Workloads.book(server, 10, false), null);
            runner.atHalf("book-10-hot-half", server -> Workloads.book(server, 10, false), hot);
            runner.both("book-10-spread", server -> Workloads.book(server, 10, true), null);
            runner.both("book-1", server -> Workloads.book(server, 1, true), null);
            runner.both("track-read", Workloads::trackRead, null, 1);
            runner.both("booking-read", Workloads::bookingRead, null, 1);
            runner.streams("stream-fanout", settings.smoke() ? 50 : 1_000, settings.smoke() ? 100 : 500);
            runner.webhooks("webhooks", settings.smoke() ? 300 : 10_000);
            check(results, network, network.gatewayDatabase(), gateway);
            check(results, network, network.baselineDatabase(), baseline);
        }
    }

    /** Runs a workload against the gateway, then the baseline, with the same clients and times. */
    private record Runner(LoadGenerator load, BenchSettings settings, Results results, Server gateway,
                          Server baseline, BenchNetwork network, ProcessCpu database) {

        /** Turns of each server per closed-loop workload. */
        static final int ROUNDS = 2;
        static final Duration LATER_ROUND_WARM_UP = Duration.ofSeconds(1);

        /** Rounds of {@link #level} at most: each leaves a tenth of the last one's difference, or none. */
        static final int LEVELLING_PASSES = 6;
        static final Duration LEVELLING_AT_MOST = Duration.ofMinutes(5);

        /** How long each kind of request is sent in one pass of the compilers' warm-up. */
        static final Duration JIT_TURN = Duration.ofSeconds(3);

        /**
         * Before any workload is measured, each server answers every kind of request the workloads send, in turn,
         * pass after pass, until a whole pass left its compilers quiet (at most {@link Compilers#QUIET_SHARE} of a
         * core) or the JIT warm-up's time is up. A workload's own warm-up of a few seconds then finds the paths
         * compiled on both servers alike: a server runs for days, and what the bench compares is what it does
         * then. A fixed time per server would not do: the larger program (the gateway) keeps its C2 compiler busy
         * for a minute or more of mixed load, the baseline for seconds, and a gateway measured while compiling
         * spends up to 40 % of its CPU on its compiler, on the two cores that the load and PostgreSQL share.
         */
        void warmUpCompilers() {
            if (settings.jitWarmUp().isZero()) {
                return;
            }
            List<Function<Server, Script>> scripts = List.of(Workloads::flights,
                    server -> Workloads.book(server, 10, false), server -> Workloads.book(server, 10, true),
                    server -> Workloads.book(server, 1, true), Workloads::trackRead, Workloads::bookingRead);
            // A short warm-up (the smoke run's) still goes through every kind of request once.
            Duration share = settings.jitWarmUp().dividedBy(scripts.size());
            Duration turn = share.compareTo(JIT_TURN) < 0 ? share : JIT_TURN;
            System.out.println("Warming up both servers' compilers: every kind of request, " + turn.toMillis()
                    + " ms each, pass after pass until a pass leaves the compilers quiet, at most "
                    + settings.jitWarmUp().toSeconds() + " s per server, not measured ...");
            for (Server server : List.of(gateway, baseline)) {
                if (server.parcels.get() == 0) {
                    book(server, 10, 1);
                }
                long started = System.nanoTime();
                boolean quiet = false;
                while (!quiet && System.nanoTime() - started < settings.jitWarmUp().toNanos()) {
                    long compiledBefore = server.compilers.cpuNanos();
                    long passStarted = System.nanoTime();
                    for (Function<Server, Script> script : scripts) {
                        Outcome outcome = load.run(server.uri, settings.clients(), script.apply(server),
                                LoadGenerator.WarmUp.NONE, turn, 0);
                        if (outcome.errors() > 0) {
                            throw new IllegalStateException("the warm-up of the " + server.name + " failed "
                                    + outcome.errors() + " requests, the first: " + outcome.firstError());
                        }
                    }
                    long compiled = server.compilers.cpuNanos() - compiledBefore;
                    // Unknown (no /proc) or a compiler thread ended meanwhile: not quiet, another pass tells.
                    quiet = compiledBefore >= 0 && compiled >= 0
                            && compiled <= Compilers.QUIET_SHARE * (System.nanoTime() - passStarted);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                results.jitWarmUp(server.name, seconds);
                System.out.printf(java.util.Locale.ROOT, "  %s: %s after %.0f s%n", server.name,
                        quiet ? "compilers quiet" : "compilers still busy, the time is up", seconds);
            }
        }

        /**
         * After the compilers' warm-up, which books more on the faster server, both databases are emptied of
         * bookings, rather than levelled by booking the difference on the slower one, unmeasured, for a minute or
         * more. Each then takes the same few thousand bookings, and both are analysed: statements that the servers'
         * connections prepared on the emptied tables would otherwise keep plans made for empty tables (sequential
         * scans) until autovacuum next analyses them, up to a minute later, and on one server more than the other.
         */
        void startAfresh() {
            for (Server server : List.of(gateway, baseline)) {
                network.forgetBookings(database(server));
                server.forgetBookings();
            }
            // A smoke run may have no warm-up to forget, but goes through it all the same, for the final check to
            // prove that nothing a booking writes is left behind or counted twice.
            level("start", settings.smoke() ? FIRST_PARCELS_SMOKE : FIRST_PARCELS);
            for (Server server : List.of(gateway, baseline)) {
                network.execute(database(server), "ANALYZE");
            }
        }

        private EmbeddedDatabase.Database database(Server server) {
            return server == gateway ? network.gatewayDatabase() : network.baselineDatabase();
        }

        /** A workload's warm-up on the server: at least bench.warm-up, then until its compilers are quiet. */
        private LoadGenerator.WarmUp warmUp(Server server) {
            return new LoadGenerator.WarmUp(settings.warmUp(), settings.warmUpAtMost(), server.compilers);
        }

        Results.Row both(String name, Function<Server, Script> script, String note) {
            return both(name, script, note, 0);
        }

        /**
         * The same, for a workload that reads parcels booked before it: books that many first if need be.
         * <p>
         * The two servers are measured in rounds, gateway then baseline, then baseline then gateway (A B B A),
         * each for half of bench.measured, and each server's rounds are added up: a change of the machine's speed
         * during the workload (other tenants of the host, the disk) then weighs on both alike, where one turn each
         * would lay all of it on whichever server ran during it. A server's first turn waits for its compilers;
         * its second only lets the clients' connections open again.
         */
        Results.Row both(String name, Function<Server, Script> script, String note, int parcels) {
            if (!settings.runs(name)) {
                return null;
            }
            level(name, parcels);
            Duration share = settings.measured().dividedBy(ROUNDS);
            List<LoadGenerator.Measurement> onGateway = new ArrayList<>();
            List<LoadGenerator.Measurement> onBaseline = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (Server server : round % 2 == 0 ? List.of(gateway, baseline)
                        : List.of(baseline, gateway)) {
                    LoadGenerator.WarmUp warm = round == 0 ? warmUp(server)
                            : new LoadGenerator.WarmUp(LATER_ROUND_WARM_UP, LATER_ROUND_WARM_UP, null);
                    (server == gateway ? onGateway : onBaseline).add(load.measure(server.uri, settings.clients(),
                            script.apply(server), warm, share, 0, meters(server)));
                }
            }
            Results.Row row = new Results.Row(name, LoadGenerator.Measurement.combined(onGateway),
                    LoadGenerator.Measurement.combined(onBaseline), note,
                    LoadGenerator.Measurement.cpuPerRequest(onGateway),
                    LoadGenerator.Measurement.cpuPerRequest(onBaseline));
            results.add(row);
            return row;
        }

        /**
         * Streams of that many parcels open at once on each server, while events are committed to them at the
         * given rate: its rate is of events delivered, its latencies from commit to arrival.
         */
        void streams(String name, int streams, double eventsPerSecond) {
            if (!settings.runs(name)) {
                return;
            }
            level(name, streams);
            Outcome onGateway = StreamFanout.run(gateway.uri, gateway, network.gatewayDatabase(),
                    gateway.parcels(streams), eventsPerSecond, settings.measured());
            Outcome onBaseline = StreamFanout.run(baseline.uri, baseline, network.baselineDatabase(),
                    baseline.parcels(streams), eventsPerSecond, settings.measured());
            results.add(new Results.Row(name, onGateway, onBaseline, streams + " streams, events committed at "
                    + (int) eventsPerSecond + "/s; latency from commit to arrival"));
        }

        /**
         * Before a workload, books on whichever server holds less until both databases hold as many bookings and
         * parcels as each other, and at least {@code parcels} parcels (reads need some when the workloads that book
         * them were not run, as with {@code -Dbench.workloads=track-read}); not measured, but counted like every
         * booking.
         * <p>
         * The faster server of a booking workload books more rows in it; without this, every later workload would
         * run on its larger tables and indexes, which PostgreSQL reads and writes at a higher cost per request
         * (more pages than its buffers hold, more full-page images after a checkpoint): the server that booked
         * faster would be measured against a yardstick on smaller tables.
         */
        private void level(String workload, int parcels) {
            Map<String, long[]> added = new LinkedHashMap<>();
            for (int pass = 0; pass < LEVELLING_PASSES && !levelled(parcels); pass++) {
                for (Server server : List.of(gateway, baseline)) {
                    long mostParcels = Math.max(parcels, Math.max(gateway.parcels.get(), baseline.parcels.get()));
                    long missingParcels = Math.max(0, mostParcels - server.parcels.get());
                    long missingBookings = Math.max(0, Math.max(gateway.bookings.get(), baseline.bookings.get())
                            - server.bookings.get());
                    // k ten-parcel and m one-parcel bookings: 10k + m parcels and k + m bookings, as near as whole
                    // bookings come; what one server overshoots, the other makes up on the next pass.
                    long tens = Math.min(Math.max(0, (missingParcels - missingBookings) / 9),
                            (missingParcels + 9) / 10);
                    long ones = Math.max(0, missingBookings - tens);
                    if (tens == 0 && ones == 0) {
                        // Fewer than ten parcels short, with as many bookings: the smallest bookings make them up.
                        ones = missingParcels;
                    }
                    long bookingsBefore = server.bookings.get();
                    long parcelsBefore = server.parcels.get();
                    book(server, 10, tens);
                    book(server, 1, ones);
                    if (server.bookings.get() > bookingsBefore) {
                        long[] sum = added.computeIfAbsent(server.name, name -> new long[2]);
                        sum[0] += server.bookings.get() - bookingsBefore;
                        sum[1] += server.parcels.get() - parcelsBefore;
                    }
                }
            }
            Results.Held held = new Results.Held(gateway.bookings.get(), gateway.parcels.get(),
                    baseline.bookings.get(), baseline.parcels.get());
            results.held(workload, held);
            if (!added.isEmpty()) {
                System.out.printf(Locale.ROOT, "  levelled before %s: %s; the gateway holds %,d bookings, %,d parcels,"
                                + " the baseline %,d, %,d%n", workload, added.entrySet().stream()
                                .map(e -> String.format(Locale.ROOT, "%s +%,d bookings (+%,d parcels)", e.getKey(),
                                        e.getValue()[0], e.getValue()[1])).collect(Collectors.joining(", ")),
                        held.gatewayBookings(), held.gatewayParcels(), held.baselineBookings(),
                        held.baselineParcels());
            }
        }

        /** Whether both servers hold as many bookings (to one) and parcels (to a booking's), and enough parcels. */
        private boolean levelled(int parcels) {
            return Math.abs(gateway.bookings.get() - baseline.bookings.get()) <= 1
                    && Math.abs(gateway.parcels.get() - baseline.parcels.get()) <= 10
                    && Math.min(gateway.parcels.get(), baseline.parcels.get()) >= parcels;
        }

        /** That many bookings of that many parcels each, over the routes, every one answered 201. */
        private void book(Server server, int parcels, long bookings) {
            if (bookings == 0) {
                return;
            }
            Outcome outcome = load.send(server.uri, settings.clients(), Workloads.book(server, parcels, true),
                    bookings, LEVELLING_AT_MOST);
            if (outcome.errors() > 0) {
                throw new IllegalStateException("levelling the " + server.name + "'s database failed "
                        + outcome.errors() + " bookings, the first: " + outcome.firstError());
            }
        }

        /** A burst of events to every partner's webhook endpoint, worked off by each server's dispatcher. */
        void webhooks(String name, int events) {
            if (!settings.runs(name)) {
                return;
            }
            level(name, 0);
            try (WebhookDelivery.Receiver receiver = new WebhookDelivery.Receiver()) {
                Outcome onGateway = WebhookDelivery.run(gateway, network, network.gatewayDatabase(), receiver,
                        events, true);
                Outcome onBaseline = WebhookDelivery.run(baseline, network, network.baselineDatabase(), receiver,
                        events, false);
                results.add(new Results.Row(name, onGateway, onBaseline, events + " events committed at once;"
                        + " rate of deliveries until the last one, latency from the commit"));
            }
        }

        /**
         * The liveness probe, with no work behind it: the gateway serves it on its management port, the baseline
         * on its only one.
         */
        void health(String name, java.net.URI gatewayManagement) {
            if (!settings.runs(name)) {
                return;
            }
            LoadGenerator.Measurement onGateway = load.measure(gatewayManagement, settings.clients(),
                    Workloads.health(), warmUp(gateway), settings.measured(), 0, meters(gateway));
            LoadGenerator.Measurement onBaseline = load.measure(baseline.uri, settings.clients(), Workloads.health(),
                    warmUp(baseline), settings.measured(), 0, meters(baseline));
            results.add(row(name, onGateway, onBaseline, "the gateway's on its management port"));
        }

        /** The same workload paced at half the peak each server reached: the latency a loaded server keeps. */
        void atHalf(String name, Function<Server, Script> script, Results.Row peak) {
            if (peak == null || !settings.runs(name)) {
                return;
            }
            level(name, 0);
            LoadGenerator.Measurement onGateway = load.measure(gateway.uri, settings.clients(), script.apply(gateway),
                    warmUp(gateway), settings.measured(), peak.gateway().perSecond() / 2, meters(gateway));
            LoadGenerator.Measurement onBaseline = load.measure(baseline.uri, settings.clients(),
                    script.apply(baseline), warmUp(baseline), settings.measured(), peak.baseline().perSecond() / 2,
                    meters(baseline));
            results.add(row(name, onGateway, onBaseline, "paced at half of each server's peak"));
        }

        private LoadGenerator.Meters meters(Server server) {
            return new LoadGenerator.Meters(server.cpu, database);
        }

        private static Results.Row row(String name, LoadGenerator.Measurement onGateway,
                                       LoadGenerator.Measurement onBaseline, String note) {
            return new Results.Row(name, onGateway.outcome(), onBaseline.outcome(), note,
                    LoadGenerator.Measurement.cpuPerRequest(List.of(onGateway)),
                    LoadGenerator.Measurement.cpuPerRequest(List.of(onBaseline)));
        }
    }

    /** The database holds exactly the bookings, parcels, events and booked mass that the answers said. */
    private static void check(Results results, BenchNetwork network, EmbeddedDatabase.Database database,
                              Server server) {
        long bookings = network.count(database, "SELECT count(*) FROM booking");
        long parcels = network.count(database, "SELECT count(*) FROM parcel");
        long events = network.count(database, "SELECT count(*) FROM tracking_event WHERE detail IS NULL"
                + " OR detail NOT IN ('" + StreamFanout.MARK + "', '" + WebhookDelivery.MARK + "')");
        long booked = network.count(database, "SELECT coalesce(sum(booked_g), 0) FROM flight");
        long bookedByBookings = network.count(database, "SELECT coalesce(sum(mass_g), 0) FROM booking");
        boolean exact = bookings == server.bookings.get() && parcels == server.parcels.get() && events == parcels
                && booked == server.grams.get() && bookedByBookings == booked;
        String outcome = server.name + (exact ? " holds exactly" : " DIFFERS:") + " " + bookings + " bookings ("
                + server.bookings.get() + " accepted), " + parcels + " parcels (" + server.parcels.get() + "), "
                + events + " events, " + booked + " g booked on flights (" + server.grams.get() + " g accepted, "
                + bookedByBookings + " g in bookings)";
        results.check(outcome);
        if (!exact) {
            throw new IllegalStateException(outcome);
        }
    }
}
