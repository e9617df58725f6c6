package io.rocketexpress.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment a Job's container would see: its literal variables and the downward-API fields a pod of the Job
 * would resolve, then the sandbox's simulator settings on top (the sandbox decides how fast time runs).
 */
final class MissionEnvironment {

    private MissionEnvironment() {
    }

    static Map<String, String> of(Job job, KubeletSettings settings) {
        Map<String, String> environment = new HashMap<>();
        List<Container> containers = job.getSpec().getTemplate().getSpec().getContainers();
        if (!containers.isEmpty() && containers.get(0).getEnv() != null) {
            for (EnvVar variable : containers.get(0).getEnv()) {
                if (variable.getValue() != null) {
                    environment.put(variable.getName(), variable.getValue());
                } else if (variable.getValueFrom() != null && variable.getValueFrom().getFieldRef() != null) {
                    String field = field(job, variable.getValueFrom().getFieldRef());
                    if (field != null) {
                        environment.put(variable.getName(), field);
                    }
                }
            }
        }
        environment.put("SIMULATOR_TIME_SCALE", Double.toString(settings.timeScale()));
        environment.put("SIMULATOR_COUNTDOWN", settings.countdown().toString());
        environment.put("SIMULATOR_FLIGHT_DURATION", settings.flightDuration().toString());
        environment.put("SIMULATOR_RECOVERY_DURATION", settings.recoveryDuration().toString());
        settings.failure().apply(job).ifPresent(failure -> environment.put("SIMULATOR_FAILURE", failure));
        return environment;
    }

    /** The pod-level fields a Job's env can name; the pod is named after its Job here, as there is only one. */
    private static String field(Job job, ObjectFieldSelector selector) {
        return switch (selector.getFieldPath()) {
            case "metadata.namespace" -> job.getMetadata().getNamespace();
            case "metadata.name" -> job.getMetadata().getName();
            default -> null;
        };
    }
}
