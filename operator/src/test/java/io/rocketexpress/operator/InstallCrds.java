package io.rocketexpress.operator;

import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.rocketexpress.model.crd.CustomResourceDefinitions;

import java.util.function.Consumer;

/** Installs the Rocket Express CRDs in the in-process API server before the operator starts. */
public class InstallCrds implements Consumer<KubernetesServer> {

    @Override
    public void accept(KubernetesServer server) {
        CustomResourceDefinitions.all().forEach(crd -> server.getClient().resource(crd).create());
    }
}
