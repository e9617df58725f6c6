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
        return cluster.quarkusClientSettings(NAMESPACE);
    }

    @Override
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
