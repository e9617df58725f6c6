package io.rocketexpress.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.rocketexpress.localcluster.LocalCluster;

import java.util.Map;

/** This region's cluster for the gateway's tests: the Launches and Vehicles it watches live here. */
public class InProcessCluster implements QuarkusTestResourceLifecycleManager {

    public static final String NAMESPACE = "test";

    private static volatile LocalCluster cluster;

    /** The cluster of the running application, for tests to publish Launches to or to take down. */
    public static LocalCluster cluster() {
        return cluster;
    }

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
