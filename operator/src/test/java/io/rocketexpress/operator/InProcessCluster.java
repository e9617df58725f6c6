package io.rocketexpress.operator;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rocketexpress.localcluster.LocalCluster;

import java.util.Map;

/** This region's cluster for the operator's tests. */
public class InProcessCluster implements QuarkusTestResourceLifecycleManager {

    public static final String NAMESPACE = "test";

    private LocalCluster cluster;

    @Override
    public Map<String, String> start() {
        cluster = new LocalCluster();
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", cluster.client().getMasterUrl().toString(),
                "quarkus.kubernetes-client.namespace", NAMESPACE,
                "quarkus.kubernetes-client.trust-certs", "true",
                "quarkus.kubernetes-client.token", "test-token");
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
