package io.rocketexpress.simulator;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.rocketexpress.model.RocketExpress;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Writes {@code rocketexpress.io/liftoff-at} on the vehicle controller's own Job: the operator's signal that the
 * vehicle is in flight. Idempotent: a Job already marked keeps its first time, so a rerun never moves the liftoff.
 */
final class LiftoffAnnotation {

    private final KubernetesClient client;
    private final ApiRetry retry;
    private final Sleeper sleeper;
    private final Console console;

    LiftoffAnnotation(KubernetesClient client, ApiRetry retry, Sleeper sleeper, Console console) {
        this.client = client;
        this.retry = retry;
        this.sleeper = sleeper;
        this.console = console;
    }

    /** Marks the Job as lifted off at {@code liftoff} unless it already is; returns the time the Job carries. */
    String mark(String namespace, String jobName, Instant liftoff) throws ApiRetry.GaveUp, InterruptedException {
        var job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName);
        Job current = retry.call("read Job " + namespace + "/" + jobName, sleeper, console, job::get);
        if (current == null) {
            throw new ApiRetry.GaveUp("Job " + namespace + "/" + jobName + " does not exist", null);
        }
        Map<String, String> annotations = current.getMetadata().getAnnotations();
        String recorded = annotations == null ? null : annotations.get(RocketExpress.LIFTOFF_ANNOTATION);
        if (recorded != null) {
            return recorded;
        }
        String value = DateTimeFormatter.ISO_INSTANT.format(liftoff.truncatedTo(ChronoUnit.SECONDS));
        // A merge patch of this one annotation: nothing else of the Job is sent, so nothing else can be overwritten.
        String patch = "{\"metadata\":{\"annotations\":{\"" + RocketExpress.LIFTOFF_ANNOTATION + "\":\"" + value + "\"}}}";
        retry.call("annotate Job " + namespace + "/" + jobName, sleeper, console,
                () -> job.patch(PatchContext.of(PatchType.JSON_MERGE), patch));
        return value;
    }
}
