package io.rocketexpress.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rocketexpress.model.crd.CustomResourceDefinitions;

import java.util.HashMap;
import java.util.Map;

/**
 * This region's cluster for the operator's tests: an in-process API server in CRUD mode with the CRDs
 * installed, whose status writes honour resourceVersion like a real API server's.
 */
public class InProcessCluster implements QuarkusTestResourceLifecycleManager {

    public static final String NAMESPACE = "test";

    private KubernetesMockServer server;

    @Override
    public Map<String, String> start() {
        server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), new HashMap<>(),
                new StrictCrudDispatcher(), false);
        server.init();
        try (KubernetesClient client = server.createClient()) {
            CustomResourceDefinitions.all().forEach(crd -> client.resource(crd).create());
            return Map.of(
                    "quarkus.kubernetes-client.api-server-url", client.getMasterUrl().toString(),
                    "quarkus.kubernetes-client.namespace", NAMESPACE,
                    "quarkus.kubernetes-client.trust-certs", "true",
                    "quarkus.kubernetes-client.token", "test-token");
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.destroy();
        }
    }
}
