package io.rocketexpress.operator.launch;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rocketexpress.model.RocketExpress;
import io.rocketexpress.model.launch.Launch;

import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Jobs a launch runs: the vehicle controller in the origin region, barge recovery in the destination.
 * Names are deterministic and creation idempotent, so a restart or a lost answer never starts a second one.
 */
final class MissionJobs {

    static final String ROLE_LABEL = RocketExpress.GROUP + "/role";
    static final String LAUNCH_NAMESPACE_ANNOTATION = RocketExpress.GROUP + "/launch-namespace";
    static final String LAUNCH_UID_ANNOTATION = RocketExpress.GROUP + "/launch-uid";

    private MissionJobs() {
    }

    static String flightName(Launch launch) {
        return launch.getMetadata().getName() + "-flight";
    }

    /** The first recovery Job is {@code <launch>-recovery}, the n-th {@code <launch>-recovery-n}. */
    static String recoveryName(Launch launch, int attempt) {
        return launch.getMetadata().getName() + "-recovery" + (attempt == 1 ? "" : "-" + attempt);
    }

    static int recoveryAttempt(String jobName) {
        int dash = jobName.lastIndexOf("-recovery-");
        return dash < 0 ? 1 : Integer.parseInt(jobName.substring(dash + "-recovery-".length()));
    }

    static Job flight(Launch launch, String vehicle, JobSettings.Kind settings) {
        return job(launch, flightName(launch), "flight", launch.getMetadata().getNamespace(), vehicle, settings);
    }

    static Job recovery(Launch launch, String vehicle, String namespace, int attempt, JobSettings.Kind settings) {
        return job(launch, recoveryName(launch, attempt), "recovery", namespace, vehicle, settings);
    }

    private static Job job(Launch launch, String name, String role, String namespace, String vehicle,
                           JobSettings.Kind settings) {
        List<EnvVar> env = new ArrayList<>(List.of(
                env("LAUNCH", launch.getMetadata().getName()),
                env("VEHICLE", vehicle),
                env("ORIGIN", launch.getSpec().getOrigin()),
                env("DESTINATION", launch.getSpec().getDestination()),
                env("MANIFEST_ID", launch.getSpec().getManifest() == null ? "" : launch.getSpec().getManifest().getId()),
                env("JOB_NAME", name),
                env("ROLE", role)));
        env.add(new EnvVarBuilder().withName("JOB_NAMESPACE").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build());
        Map<String, String> labels = Map.of(
                RocketExpress.LAUNCH_LABEL, launch.getMetadata().getName(),
                ROLE_LABEL, role,
                RocketExpress.ORIGIN_LABEL, launch.getSpec().getOrigin(),
                "app.kubernetes.io/managed-by", "rocket-express-operator");
        return new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .withAnnotations(Map.of(
                        LAUNCH_NAMESPACE_ANNOTATION, launch.getMetadata().getNamespace(),
                        LAUNCH_UID_ANNOTATION, String.valueOf(launch.getMetadata().getUid())))
                .endMetadata()
                .withNewSpec()
                // A launch is never retried blindly; a failed recovery gets a new Job under a new name.
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(settings.activeDeadline().toSeconds())
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withServiceAccountName(settings.serviceAccount().orElse(null))
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewContainer()
                .withName(role)
                .withImage(settings.image())
                .withEnv(env)
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity(settings.cpuRequest()), "memory", new Quantity(settings.memoryRequest())))
                .withLimits(Map.of("cpu", new Quantity(settings.cpuLimit()), "memory", new Quantity(settings.memoryLimit())))
                .endResources()
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * Creates the Job unless it exists; an existing Job of the same launch is taken as this one.
     *
     * @throws IllegalStateException when a Job of that name belongs to something else
     */
    static Job ensure(KubernetesClient client, Job job) {
        try {
            return client.resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            Job existing = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                    .withName(job.getMetadata().getName()).get();
            String uid = job.getMetadata().getAnnotations().get(LAUNCH_UID_ANNOTATION);
            if (existing == null || existing.getMetadata().getAnnotations() == null
                    || !uid.equals(existing.getMetadata().getAnnotations().get(LAUNCH_UID_ANNOTATION))) {
                throw new IllegalStateException("Job " + job.getMetadata().getName() + " exists in namespace "
                        + job.getMetadata().getNamespace() + " but does not belong to this launch");
            }
            return existing;
        }
    }

    static boolean succeeded(Job job) {
        return condition(job, "Complete") || (job.getStatus() != null && job.getStatus().getSucceeded() != null
                && job.getStatus().getSucceeded() > 0);
    }

    static boolean failed(Job job) {
        return condition(job, "Failed") || (job.getStatus() != null && job.getStatus().getFailed() != null
                && job.getStatus().getFailed() > 0);
    }

    private static boolean condition(Job job, String type) {
        return job.getStatus() != null && job.getStatus().getConditions() != null
                && job.getStatus().getConditions().stream()
                .anyMatch((JobCondition c) -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static EnvVar env(String name, String value) {
        return new EnvVar(name, value, null);
    }
}
