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
        return cluster.quarkusClientSettings(NAMESPACE);
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
