package io.rocketexpress.sandbox;

import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The Job statuses the Job controller writes, for a Job of one pod that is never retried (backoffLimit 0). */
final class JobStatuses {

    private JobStatuses() {
    }

    /** A Job whose pod has been created: started, one active pod. */
    static JobStatus started(Instant now) {
        return new JobStatusBuilder().withStartTime(time(now)).withActive(1).build();
    }

    static boolean started(JobStatus status) {
        return status != null && (status.getStartTime() != null || finished(status));
    }

    static boolean finished(JobStatus status) {
        return status != null && status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()));
    }

    static JobStatus succeeded(JobStatus started, Instant now) {
        String message = "Reached expected number of succeeded pods";
        return new JobStatusBuilder(started)
                .withActive(0)
                .withSucceeded(1)
                .withCompletionTime(time(now))
                .addToConditions(condition("SuccessCriteriaMet", "CompletionsReached", message, now))
                .addToConditions(condition("Complete", "CompletionsReached", message, now))
                .build();
    }

    static JobStatus failed(JobStatus started, Instant now) {
        String message = "Job has reached the specified backoff limit";
        return new JobStatusBuilder(started)
                .withActive(0)
                .withFailed(1)
                .addToConditions(condition("FailureTarget", "BackoffLimitExceeded", message, now))
                .addToConditions(condition("Failed", "BackoffLimitExceeded", message, now))
                .build();
    }

    private static JobCondition condition(String type, String reason, String message, Instant now) {
        return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
                .withLastProbeTime(time(now)).withLastTransitionTime(time(now)).build();
    }

    private static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
