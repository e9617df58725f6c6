package io.rocketexpress.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Recorder;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * A closed-loop HTTP load: N clients, each on a keep-alive connection of its own, each sending its next request
 * as soon as the answer to the last one is read. With a target rate, each client instead sends on a fixed
 * schedule and latency counts from when a request was due, so a slow answer is not hidden by the requests it
 * held back. One event loop per core; nothing blocks.
 */
final class LoadGenerator implements AutoCloseable {

    private final Vertx vertx;
    private final int eventLoops;

    LoadGenerator() {
        this.eventLoops = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
    }

    /** One request to send: method, path, headers and body. */
    record Request(HttpMethod method, String path, String body, int tag, String... headers) {

        static Request get(String path, int tag, String... headers) {
            return new Request(HttpMethod.GET, path, null, tag, headers);
        }

        static Request post(String path, String body, int tag, String... headers) {
            return new Request(HttpMethod.POST, path, body, tag, headers);
        }
    }

    /** What the load sends, and what it makes of each answer. */
    interface Script {

        /** The next request, or null when there are no more (a counted load, {@link #send}). */
        Request next();

        /** Called with each expected answer, warm-up included; any other status counts as an error. */
        default void answered(Request request, Buffer body) {
        }

        int expectedStatus();
    }

    /**
     * The load before the measurement: at least {@code least}, then on until the server's compilers are quiet
     * ({@link Compilers#awaitQuiet}), up to {@code most} in all.
     */
    record WarmUp(Duration least, Duration most, Compilers compilers) {

        static final WarmUp NONE = new WarmUp(Duration.ZERO, Duration.ZERO, null);

        /** Waits out the warm-up. */
        void await() {
            sleep(least);
            if (compilers == null || most.compareTo(least) <= 0) {
                return;
            }
            try {
                compilers.awaitQuiet(most.minus(least));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /**
     * The outcome of one run.
     *
     * @param warmUpSeconds how long the load ran before it was measured
     */
    record Outcome(long requests, long errors, double seconds, double p50Millis, double p99Millis, String firstError,
                   double warmUpSeconds) {

        double perSecond() {
            return requests / seconds;
        }

        /** The outcome of the answers whose latencies the histogram holds, in nanoseconds. */
        static Outcome of(org.HdrHistogram.Histogram latencies, long errors, double seconds, String firstError,
                          double warmUpSeconds) {
            return new Outcome(latencies.getTotalCount(), errors, seconds, latencies.getValueAtPercentile(50) / 1e6,
                    latencies.getValueAtPercentile(99) / 1e6, firstError, warmUpSeconds);
        }
    }

    /**
     * The CPU time that the server measured and that PostgreSQL used during a measurement, in seconds: both
     * processes' own, whatever served it (other work of theirs at the time included); NaN where it could not be read.
     */
    record Cpu(double serverSeconds, double databaseSeconds) {
        static final Cpu UNKNOWN = new Cpu(Double.NaN, Double.NaN);
    }

    /** What to read the CPU time of, around a measurement: the server measured and the database behind it. */
    record Meters(ProcessCpu server, ProcessCpu database) {
        static final Meters NONE = new Meters(ProcessCpu.UNKNOWN, ProcessCpu.UNKNOWN);

        long[] read() {
            return new long[] {server.nanos(), database.nanos()};
        }

        static Cpu spent(long[] before, long[] after) {
            return new Cpu(seconds(before[0], after[0]), seconds(before[1], after[1]));
        }

        private static double seconds(long before, long after) {
            return before < 0 || after < before ? Double.NaN : (after - before) / 1e9;
        }
    }

    /** A server's CPU time per answered request, its own and PostgreSQL's, in milliseconds; NaN where unknown. */
    record CpuPerRequest(double serverMillis, double databaseMillis) {
    }

    /** An outcome, the latencies it was computed from and the CPU time spent meanwhile. */
    record Measurement(Outcome outcome, org.HdrHistogram.Histogram latencies, Cpu cpu) {

        Measurement(Outcome outcome, org.HdrHistogram.Histogram latencies) {
            this(outcome, latencies, Cpu.UNKNOWN);
        }

        /** The rounds' CPU time over their answered requests: NaN if any round's could not be read. */
        static CpuPerRequest cpuPerRequest(List<Measurement> rounds) {
            double server = 0;
            double database = 0;
            long requests = 0;
            for (Measurement round : rounds) {
                server += round.cpu().serverSeconds();
                database += round.cpu().databaseSeconds();
                requests += round.outcome().requests();
            }
            return requests == 0 ? new CpuPerRequest(Double.NaN, Double.NaN)
                    : new CpuPerRequest(server * 1e3 / requests, database * 1e3 / requests);
        }

        /**
         * Rounds of one workload on one server as one outcome: their requests over their measured seconds, their
         * percentiles over every answer of every round, the first round's warm-up.
         */
        static Outcome combined(List<Measurement> rounds) {
            org.HdrHistogram.Histogram all = rounds.get(0).latencies().copy();
            rounds.subList(1, rounds.size()).forEach(round -> all.add(round.latencies()));
            long errors = 0;
            double seconds = 0;
            String firstError = null;
            for (Measurement round : rounds) {
                errors += round.outcome().errors();
                seconds += round.outcome().seconds();
                firstError = firstError == null ? round.outcome().firstError() : firstError;
            }
            return Outcome.of(all, errors, seconds, firstError, rounds.get(0).outcome().warmUpSeconds());
        }
    }

    /**
     * Runs the script against the server for the warm-up and then the measured time, counting only the latter.
     *
     * @param perSecond target rate, or 0 for as fast as the server answers
     */
    Outcome run(URI server, int clients, Script script, WarmUp warmUp, Duration measured, double perSecond) {
        return measure(server, clients, script, warmUp, measured, perSecond).outcome();
    }

    /** The same, with the latencies the outcome was computed from, for rounds to add up. */
    Measurement measure(URI server, int clients, Script script, WarmUp warmUp, Duration measured, double perSecond) {
        return measure(server, clients, script, warmUp, measured, perSecond, Meters.NONE);
    }

    /** The same, with the CPU time the meters read over the measured time. */
    Measurement measure(URI server, int clients, Script script, WarmUp warmUp, Duration measured, double perSecond,
                        Meters meters) {
        Run run = new Run(server, clients, script, perSecond);
        String deployment = deploy(run);
        try {
            long warming = System.nanoTime();
            warmUp.await();
            double warmedFor = (System.nanoTime() - warming) / 1e9;
            run.startMeasuring();
            long[] cpuBefore = meters.read();
            long started = System.nanoTime();
            sleep(measured);
            double seconds = (System.nanoTime() - started) / 1e9;
            var histogram = run.stopMeasuring();
            Cpu cpu = Meters.spent(cpuBefore, meters.read());
            return new Measurement(Outcome.of(histogram, run.errors.get(), seconds, run.firstError.get(), warmedFor),
                    histogram, cpu);
        } finally {
            run.stopping = true;
            // Answers still on their way are read, so that every request the server took is counted.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (run.inFlight.get() > 0 && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(10));
            }
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().join();
        }
    }

    /**
     * Exactly that many requests of the script, over that many clients as fast as the server answers, waiting for
     * every answer (at most {@code atMost}): an unmeasured load of a known size.
     */
    Outcome send(URI server, int clients, Script script, long requests, Duration atMost) {
        AtomicLong left = new AtomicLong(requests);
        Script counted = new Script() {
            @Override
            public Request next() {
                return left.getAndDecrement() > 0 ? script.next() : null;
            }

            @Override
            public void answered(Request request, Buffer body) {
                script.answered(request, body);
            }

            @Override
            public int expectedStatus() {
                return script.expectedStatus();
            }
        };
        Run run = new Run(server, clients, counted, 0);
        run.startMeasuring();
        long started = System.nanoTime();
        String deployment = deploy(run);
        try {
            // A client counts its request in flight before taking it, so none is missed between the two reads.
            while (left.get() > 0 || run.inFlight.get() > 0) {
                if (System.nanoTime() - started > atMost.toNanos()) {
                    throw new IllegalStateException(requests + " requests to " + server + " were not all answered in "
                            + atMost.toSeconds() + " s");
                }
                sleep(Duration.ofMillis(5));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return Outcome.of(run.stopMeasuring(), run.errors.get(), seconds, run.firstError.get(), 0);
        } finally {
            run.stopping = true;
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().join();
        }
    }

    private String deploy(Run run) {
        CompletableFuture<String> deployed = vertx.deployVerticle(() -> new Loop(run),
                new DeploymentOptions().setInstances(eventLoops)).toCompletionStage().toCompletableFuture();
        return deployed.join();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** The state of one run, shared by the event loops' clients. */
    private static final class Run {
        final URI server;
        final int clients;
        final Script script;
        final double perSecond;
        final AtomicLong started = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicReference<String> firstError = new AtomicReference<>();
        final Recorder latencies = new Recorder(TimeUnit.MINUTES.toNanos(1), 3);
        volatile boolean measuring;
        volatile boolean stopping;

        Run(URI server, int clients, Script script, double perSecond) {
            this.server = server;
            this.clients = clients;
            this.script = script;
            this.perSecond = perSecond;
        }

        void startMeasuring() {
            latencies.reset();
            errors.set(0);
            firstError.set(null);
            measuring = true;
        }

        org.HdrHistogram.Histogram stopMeasuring() {
            measuring = false;
            return latencies.getIntervalHistogram();
        }

        void error(String what) {
            if (measuring) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, what);
            }
        }
    }

    /** One event loop's share of the clients. */
    private static final class Loop extends AbstractVerticle {
        private final Run run;
        private HttpClient http;

        Loop(Run run) {
            this.run = run;
        }

        @Override
        public void start(Promise<Void> started) {
            int index = (int) run.started.getAndIncrement();
            int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
            int mine = run.clients / loops + (index < run.clients % loops ? 1 : 0);
            http = vertx.createHttpClient(new HttpClientOptions()
                            .setDefaultHost(run.server.getHost()).setDefaultPort(run.server.getPort())
                            .setKeepAlive(true).setPipelining(false),
                    new PoolOptions().setHttp1MaxSize(Math.max(1, mine)));
            long intervalNanos = run.perSecond > 0 ? (long) (1e9 * run.clients / run.perSecond) : 0;
            long now = System.nanoTime();
            for (int i = 0; i < mine; i++) {
                // Spread the scheduled clients over one interval, so they don't all fire at once.
                long first = now + (intervalNanos == 0 ? 0 : intervalNanos * i / Math.max(1, mine));
                send(first, intervalNanos);
            }
            started.complete();
        }

        @Override
        public void stop() {
            http.close();
        }

        /** Sends one request due at {@code due} (System.nanoTime), then the next. */
        private void send(long due, long intervalNanos) {
            if (run.stopping) {
                return;
            }
            long wait = due - System.nanoTime();
            if (intervalNanos > 0 && wait > 1_000_000) {
                vertx.setTimer(wait / 1_000_000, timer -> fire(due, intervalNanos));
            } else {
                fire(intervalNanos > 0 ? due : System.nanoTime(), intervalNanos);
            }
        }

        private void fire(long due, long intervalNanos) {
            // Counted in flight before looking at the stop flag: the run sets the flag and then waits for the
            // count to reach zero, so a request is either never sent or waited for, never sent unseen.
            run.inFlight.incrementAndGet();
            if (run.stopping) {
                run.inFlight.decrementAndGet();
                return;
            }
            Request request = run.script.next();
            if (request == null) {
                // A counted load has sent all it was to: this client stops.
                run.inFlight.decrementAndGet();
                return;
            }
            RequestOptions options = new RequestOptions().setMethod(request.method()).setURI(request.path());
            for (int i = 0; i + 1 < request.headers().length; i += 2) {
                options.addHeader(request.headers()[i], request.headers()[i + 1]);
            }
            if (request.body() != null) {
                options.addHeader("Content-Type", "application/json");
            }
            BiConsumer<Integer, Buffer> done = (status, body) -> {
                run.inFlight.decrementAndGet();
                long latency = System.nanoTime() - due;
                if (status != run.script.expectedStatus()) {
                    run.error(request.method() + " " + request.path() + " answered " + status + ": "
                            + (body == null ? "" : body.toString()));
                } else {
                    if (run.measuring) {
                        run.latencies.recordValue(Math.max(0, latency));
                    }
                    run.script.answered(request, body);
                }
                send(intervalNanos > 0 ? due + intervalNanos : 0, intervalNanos);
            };
            http.request(options)
                    .compose(call -> request.body() == null ? call.send() : call.send(request.body()))
                    .compose(response -> response.body().map(body -> {
                        done.accept(response.statusCode(), body);
                        return body;
                    }))
                    .onFailure(failure -> {
                        run.inFlight.decrementAndGet();
                        run.error(request.method() + " " + request.path() + " failed: " + failure);
                        if (!run.stopping) {
                            // A refused connection would spin; pace the retry.
                            vertx.setTimer(50, timer -> send(intervalNanos > 0 ? System.nanoTime() : 0,
                                    intervalNanos));
                        }
                    });
        }
    }
}
