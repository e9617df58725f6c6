package io.rocketexpress.gateway.launch;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rocketexpress.gateway.config.GatewayConfig;
import io.rocketexpress.model.common.Guards;
import io.rocketexpress.model.launch.Launch;
import io.rocketexpress.model.launch.Manifest;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.HttpURLConnection;
import java.util.Map;

/**
 * Writes a sealed manifest to its Launch: a JSON merge patch of {@code spec.manifest} alone, so nothing the
 * platform team wrote elsewhere in the spec is touched. Calls are blocking, each bounded by a timeout,
 * retried with exponential backoff and jitter, behind a circuit breaker that spares an API server in
 * trouble.
 */
@ApplicationScoped
public class LaunchManifests {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final KubernetesClient client;
    private final Guard guard;

    LaunchManifests(KubernetesClient client, GatewayConfig config) {
        this.client = client;
        GatewayConfig.Cluster settings = config.gateway().cluster();
        this.guard = Guards.guard("manifest patches", settings.policy())
                .abortOn(LaunchGone.class)
                .breaker("kubernetes-manifest-patches")
                .skipOn(LaunchGone.class)
                .build();
    }

    /**
     * Patches the Launch's manifest (blocking: call it off the event loop).
     *
     * @throws LaunchGone when the Launch no longer exists
     */
    public void seal(String namespace, String launch, Manifest manifest) {
        String patch = JSON.asJson(Map.of("spec", Map.of("manifest", manifest)));
        try {
            guard.call(() -> {
                try {
                    return client.resources(Launch.class).inNamespace(namespace).withName(launch)
                            .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                } catch (KubernetesClientException e) {
                    if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                        throw new LaunchGone(namespace + "/" + launch);
                    }
                    throw e;
                }
            }, Launch.class);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not seal the manifest of launch " + launch + ": " + e.getMessage(), e);
        }
    }

    /** The Launch to patch does not exist (any longer). */
    public static class LaunchGone extends RuntimeException {
        LaunchGone(String launch) {
            super("launch " + launch + " does not exist");
        }
    }
}
