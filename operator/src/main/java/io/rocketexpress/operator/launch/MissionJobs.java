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
import io.rocketexpress.operator.kube.Conflicts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Jobs a launch runs: the vehicle controller in the origin region, barge recovery in the destination.
 * Names are deterministic and creation idempotent, so a restart or a lost answer never starts a second one.
 */
public final class MissionJobs {

    public static final String ROLE_LABEL = RocketExpress.GROUP + "/role";
    public static final String LAUNCH_NAMESPACE_ANNOTATION = RocketExpress.GROUP + "/launch-namespace";
    public static final String LAUNCH_UID_ANNOTATION = RocketExpress.GROUP + "/launch-uid";

    private MissionJobs() {
    }

    static String flightName(Launch launch) {
        return launch.getMetadata().getName() + "-flight";
    }

    /** The first recovery Job is {@code <launch>-recovery}, the n-th {@code <launch>-recovery-n}. */
    public static String recoveryName(String launch, int attempt) {
        return launch + "-recovery" + (attempt == 1 ? "" : "-" + attempt);
    }

    static Job flight(Launch launch, String vehicle, JobSettings.Kind settings) {
        return job(new Mission(launch.getMetadata().getName(), launch.getMetadata().getNamespace(),
                String.valueOf(launch.getMetadata().getUid()), launch.getSpec().getOrigin(),
                launch.getSpec().getDestination(),
                launch.getSpec().getManifest() == null ? "" : launch.getSpec().getManifest().getId(), vehicle),
                flightName(launch), "flight", launch.getMetadata().getNamespace(), settings);
    }

    /**
     * The barge-recovery Job of a mission, in the destination's cluster. Its pod gets no API token: it has no
     * business with any API server.
     */
    public static Job recovery(Mission mission, String namespace, int attempt, JobSettings.Kind settings) {
        Job job = job(mission, recoveryName(mission.launch(), attempt), "recovery", namespace, settings);
        job.getSpec().getTemplate().getSpec().setAutomountServiceAccountToken(false);
        return job;
    }

    private static Job job(Mission mission, String name, String role, String namespace, JobSettings.Kind settings) {
        List<EnvVar> env = new ArrayList<>(List.of(
                env("LAUNCH", mission.launch()),
                env("VEHICLE", mission.vehicle()),
                env("ORIGIN", mission.origin()),
                env("DESTINATION", mission.destination()),
                env("MANIFEST_ID", mission.manifestId() == null ? "" : mission.manifestId()),
                env("JOB_NAME", name),
                env("ROLE", role)));
        env.add(new EnvVarBuilder().withName("JOB_NAMESPACE").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build());
        Map<String, String> labels = Map.of(
                RocketExpress.LAUNCH_LABEL, mission.launch(),
                ROLE_LABEL, role,
                RocketExpress.ORIGIN_LABEL, mission.origin(),
                "app.kubernetes.io/managed-by", "rocket-express-operator");
        return new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .withAnnotations(Map.of(
                        LAUNCH_NAMESPACE_ANNOTATION, mission.launchNamespace(),
                        LAUNCH_UID_ANNOTATION, mission.launchUid()))
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
    public static Job ensure(KubernetesClient client, Job job) {
        try {
            return client.resource(job).create();
        } catch (KubernetesClientException e) {
            if (!Conflicts.isAlreadyThere(e)) {
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

    public static boolean succeeded(Job job) {
        return condition(job, "Complete") || (job.getStatus() != null && job.getStatus().getSucceeded() != null
                && job.getStatus().getSucceeded() > 0);
    }

    public static boolean failed(Job job) {
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

    /**
     * What a mission Job is told about its launch, wherever it runs.
     *
     * @param launch          name of the Launch in its origin's cluster
     * @param launchNamespace its namespace there
     * @param launchUid       its uid: a Job of the same name for another launch is not taken as this one's
     */
    public record Mission(String launch, String launchNamespace, String launchUid, String origin, String destination,
                          String manifestId, String vehicle) {
    }
}
