package io.rocketexpress.sandbox;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.rocketexpress.simulator.Console;
import io.rocketexpress.simulator.ExitCode;
import io.rocketexpress.simulator.Mission;
import io.rocketexpress.simulator.Sleeper;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the kubelet and the Job controller of one in-process cluster: every new Job runs the simulator's
 * mission on a thread, with the environment its container declares, and ends with the status the Job controller
 * would write. A Job is run at most once: one already started (by this stand-in, or by one before a restart) or
 * finished is left alone. Deleting a Job cancels its mission.
 */
public final class Kubelet implements AutoCloseable {

    private static final int STATUS_WRITE_ATTEMPTS = 5;
    /** Waits between attempts to write a Job's final status while the API server does not answer, doubling. */
    private static final java.time.Duration UNREACHABLE_FIRST_WAIT = java.time.Duration.ofMillis(250);
    private static final java.time.Duration UNREACHABLE_LONGEST_WAIT = java.time.Duration.ofSeconds(4);

    private final String cluster;
    private final KubernetesClient client;
    private final KubeletSettings settings;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService pods;
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
    private volatile boolean closing;
    private SharedIndexInformer<Job> informer;

    private Kubelet(String cluster, KubernetesClient client, KubeletSettings settings) {
        this.cluster = cluster;
        this.client = client;
        this.settings = settings;
        AtomicInteger threads = new AtomicInteger();
        this.pods = Executors.newFixedThreadPool(settings.concurrentMissions(), runnable -> {
            Thread thread = new Thread(runnable, threadPrefix(cluster) + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts running the Jobs of every namespace of the cluster the client reaches.
     *
     * @param cluster a name for this cluster in progress lines and thread names (the region)
     * @param client  used to watch Jobs, write their status and as the missions' own client; not closed here
     */
    public static Kubelet start(String cluster, KubernetesClient client, KubeletSettings settings) {
        Kubelet kubelet = new Kubelet(cluster, client, settings);
        kubelet.informer = client.batch().v1().jobs().inAnyNamespace()
                .inform(kubelet.new JobEvents(), settings.resync().toMillis());
        return kubelet;
    }

    /** Prefix of the names of this stand-in's mission threads. */
    static String threadPrefix(String cluster) {
        return "kubelet-" + cluster + "-mission-";
    }

    private final class JobEvents implements ResourceEventHandler<Job> {

        @Override
        public void onAdd(Job job) {
            consider(job);
        }

        @Override
        public void onUpdate(Job old, Job job) {
            if (job.getMetadata().getDeletionTimestamp() != null) {
                cancel(job);
            } else {
                consider(job);
            }
        }

        @Override
        public void onDelete(Job job, boolean finalStateUnknown) {
            cancel(job);
        }
    }

    private void consider(Job job) {
        if (closing || job.getMetadata().getDeletionTimestamp() != null || JobStatuses.started(job.getStatus())) {
            return;
        }
        String uid = job.getMetadata().getUid();
        // The informer may replay a version older than our own start write; the uid is claimed once for good.
        if (!claimed.add(uid)) {
            return;
        }
        Job started;
        try {
            started = client.resource(new JobBuilder(job).withStatus(JobStatuses.started(clock.instant())).build())
                    .updateStatus();
        } catch (KubernetesClientException e) {
            // A conflict means a newer version is on its way through the informer; anything else waits for a resync.
            claimed.remove(uid);
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                log(job, "could not start: " + e.getMessage());
            }
            return;
        }
        FutureTask<Void> pod = new FutureTask<>(() -> run(started), null);
        running.put(uid, pod);
        try {
            pods.execute(pod);
        } catch (RejectedExecutionException closedMeanwhile) {
            running.remove(uid);
        }
    }

    private void run(Job job) {
        ExitCode outcome;
        try {
            outcome = new Mission(client, Sleeper.thread(), clock, console(job)).run(MissionEnvironment.of(job, settings));
        } catch (RuntimeException crash) {
            // A container whose program crashes exits non-zero: the Job fails, it does not hang.
            log(job, "mission crashed: " + crash);
            outcome = ExitCode.MISSION_FAILED;
        } finally {
            running.remove(job.getMetadata().getUid());
        }
        // Cancelled: the Job is gone, or this stand-in is stopping; neither leaves a status to write.
        if (outcome != ExitCode.CANCELLED && !closing) {
            finish(job, outcome == ExitCode.SUCCESS);
        }
    }

    /**
     * Writes a finished mission's outcome on its Job. While the API server does not answer, the outcome is kept and
     * written once it does, as a kubelet reports a pod that ended during a control-plane outage: the mission is not
     * run again, and its Job must not stay running for ever.
     */
    private void finish(Job job, boolean succeeded) {
        var resource = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                .withName(job.getMetadata().getName());
        int conflicts = 0;
        long waitMillis = UNREACHABLE_FIRST_WAIT.toMillis();
        boolean toldUnreachable = false;
        while (!closing) {
            try {
                Job latest = resource.get();
                if (latest == null || !latest.getMetadata().getUid().equals(job.getMetadata().getUid())) {
                    return;
                }
                JobStatus started = latest.getStatus() != null ? latest.getStatus() : JobStatuses.started(clock.instant());
                JobStatus finished = succeeded ? JobStatuses.succeeded(started, clock.instant())
                        : JobStatuses.failed(started, clock.instant());
                client.resource(new JobBuilder(latest).withStatus(finished).build()).updateStatus();
                log(job, succeeded ? "Job complete" : "Job failed");
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                    if (++conflicts >= STATUS_WRITE_ATTEMPTS) {
                        log(job, "could not write the final status: conflicts on every attempt");
                        return;
                    }
                } else if (e.getCode() < 400 || e.getCode() >= 500) {
                    // No answer (refused, timed out: no HTTP status) or a server error: the API server is away.
                    if (!toldUnreachable) {
                        log(job, "API server unreachable (" + e.getMessage() + "); the final status is written once"
                                + " it answers");
                        toldUnreachable = true;
                    }
                    try {
                        Thread.sleep(waitMillis);
                    } catch (InterruptedException stopping) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    waitMillis = Math.min(waitMillis * 2, UNREACHABLE_LONGEST_WAIT.toMillis());
                } else {
                    log(job, "could not write the final status: " + e.getMessage());
                    return;
                }
            }
        }
    }

    private void cancel(Job job) {
        Future<?> pod = running.remove(job.getMetadata().getUid());
        if (pod != null) {
            pod.cancel(true);
            log(job, "Job deleted: mission cancelled");
        }
    }

    private Console console(Job job) {
        return new Console() {
            @Override
            public void progress(String line) {
                log(job, line);
            }

            @Override
            public void error(String line) {
                log(job, line);
            }
        };
    }

    private void log(Job job, String line) {
        settings.log().accept("[" + cluster + " " + job.getMetadata().getNamespace() + "/" + job.getMetadata().getName()
                + "] " + line);
    }

    /** Missions running or waiting for a thread. */
    int missions() {
        return running.size();
    }

    /** Stops watching, interrupts every mission and waits for their threads to end. */
    @Override
    public void close() {
        closing = true;
        if (informer != null) {
            informer.close();
        }
        pods.shutdownNow();
        try {
            if (!pods.awaitTermination(10, TimeUnit.SECONDS)) {
                settings.log().accept("[" + cluster + "] kubelet stand-in: missions still running after 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
