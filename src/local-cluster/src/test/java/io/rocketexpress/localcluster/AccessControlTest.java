package io.rocketexpress.localcluster;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rocketexpress.model.recovery.LaunchReference;
import io.rocketexpress.model.recovery.Recovery;
import io.rocketexpress.model.recovery.VehicleSnapshot;
import io.rocketexpress.model.vehicle.Vehicle;
import io.rocketexpress.model.vehicle.VehicleSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Another region's operator holds the peer credential: recoveries, and nothing else. */
class AccessControlTest {

    static LocalCluster cluster;
    static KubernetesClient peer;

    @BeforeAll
    static void start() {
        cluster = new LocalCluster();
        peer = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(cluster.peerKubeconfig("rocket-express")))
                .build();
    }

    @AfterAll
    static void stop() {
        peer.close();
        cluster.close();
    }

    @Test
    void peerMayCreateReadWatchAndDeleteRecoveries() throws InterruptedException {
        CountDownLatch added = new CountDownLatch(1);
        var watch = peer.resources(Recovery.class).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Recovery recovery) {
                if (action == Action.ADDED && recovery.getMetadata().getName().equals("r1")) {
                    added.countDown();
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        try {
            peer.resource(recovery("r1")).create();
            assertThat(peer.resources(Recovery.class).withName("r1").get()).isNotNull();
            assertThat(peer.resources(Recovery.class).list().getItems()).extracting(r -> r.getMetadata().getName())
                    .contains("r1");
            assertThat(added.await(10, TimeUnit.SECONDS)).as("watched").isTrue();
            peer.resources(Recovery.class).withName("r1").delete();
            assertThat(cluster.client().resources(Recovery.class).inNamespace("rocket-express").withName("r1").get())
                    .isNull();
        } finally {
            watch.close();
        }
    }

    @Test
    void peerIsRefusedJobsVehiclesSecretsEventsAndRecoveryUpdates() {
        assertForbidden(() -> peer.resource(new JobBuilder().withNewMetadata().withName("j").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("c").withImage("any")
                .endContainer().endSpec().endTemplate().endSpec().build()).create());
        assertForbidden(() -> peer.resources(Vehicle.class).list());
        assertForbidden(() -> peer.resources(Vehicle.class).resource(vehicle("v")).create());
        assertForbidden(() -> peer.secrets().withName("region-dubai").get());
        assertForbidden(() -> peer.resource(new SecretBuilder().withNewMetadata().withName("s").endMetadata().build()).create());
        assertForbidden(() -> peer.v1().events().list());
        assertForbidden(() -> peer.resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build()).create());

        Recovery created = cluster.client().resource(recovery("r2")).inNamespace("rocket-express").create();
        assertForbidden(() -> peer.resource(created).updateStatus());
        assertForbidden(() -> peer.resources(Recovery.class).withName("r2").edit(r -> {
            r.getMetadata().setLabels(Map.of("x", "y"));
            return r;
        }));
        assertForbidden(() -> peer.resources(Recovery.class).delete());
    }

    @Test
    void theClustersOwnCredentialsMayDoEverythingAndDiscoveryIsOpen() {
        cluster.client().resource(vehicle("own")).inNamespace("rocket-express").create();
        assertThat(cluster.client().resources(Vehicle.class).inNamespace("rocket-express").list().getItems()).isNotEmpty();
        assertThat(peer.getApiResources("rocketexpress.io/v1alpha1").getResources())
                .extracting(r -> r.getName()).contains("recoveries");
    }

    @Test
    void peerKubeconfigSkipsNoTlsVerificationAndItsGrantsAreThoseOfThePeerRole() throws IOException {
        assertThat(cluster.peerKubeconfig("rocket-express")).doesNotContain("insecure-skip-tls-verify");
        Path manifest = Path.of(System.getProperty("repository.root", "../.."), "k8s", "rbac", "peer.yaml");
        Set<String> granted = new TreeSet<>();
        try (InputStream in = Files.newInputStream(manifest)) {
            Object parsed = new KubernetesSerialization().unmarshal(in);
            List<?> objects = parsed instanceof List<?> list ? list : List.of(parsed);
            for (Object object : objects) {
                if (object instanceof Role role) {
                    role.getRules().forEach(rule -> rule.getApiGroups().forEach(group -> rule.getResources().forEach(
                            resource -> rule.getVerbs().forEach(verb -> granted.add(
                                    (group.isEmpty() ? "core" : group) + "/" + resource + " " + verb)))));
                }
            }
        }
        assertThat(granted).isEqualTo(new TreeSet<>(AccessControl.PEER_GRANTS));
    }

    @Test
    void requestsAreReadAsRbacReadsThem() {
        assertThat(AccessControl.attributes("GET", "/apis/rocketexpress.io/v1alpha1/namespaces/ns/recoveries?watch=true"))
                .isEqualTo("rocketexpress.io/recoveries watch");
        assertThat(AccessControl.attributes("GET", "/apis/rocketexpress.io/v1alpha1/namespaces/ns/recoveries/r"))
                .isEqualTo("rocketexpress.io/recoveries get");
        assertThat(AccessControl.attributes("PUT", "/apis/rocketexpress.io/v1alpha1/namespaces/ns/recoveries/r/status"))
                .isEqualTo("rocketexpress.io/recoveries/status update");
        assertThat(AccessControl.attributes("POST", "/apis/batch/v1/namespaces/ns/jobs")).isEqualTo("batch/jobs create");
        assertThat(AccessControl.attributes("GET", "/api/v1/namespaces/ns/secrets/s")).isEqualTo("core/secrets get");
        assertThat(AccessControl.attributes("GET", "/api/v1/namespaces/ns")).isEqualTo("core/namespaces get");
        assertThat(AccessControl.attributes("DELETE", "/apis/rocketexpress.io/v1alpha1/namespaces/ns/recoveries"))
                .isEqualTo("rocketexpress.io/recoveries deletecollection");
        assertThat(AccessControl.attributes("GET", "/apis/rocketexpress.io/v1alpha1")).isNull();
        assertThat(AccessControl.attributes("GET", "/version")).isNull();
    }

    private static void assertForbidden(Runnable call) {
        KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class, call::run);
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.getCode()).isEqualTo(403);
    }

    /** A Recovery as an origin's operator hands it over: valid, since the API server checks what it stores. */
    static Recovery recovery(String name) {
        Recovery recovery = new Recovery();
        recovery.getMetadata().setName(name);
        LaunchReference launch = new LaunchReference();
        launch.setRegion("liege");
        launch.setNamespace("rocket-express");
        launch.setName(name);
        launch.setUid("00000000-0000-0000-0000-000000000001");
        VehicleSnapshot vehicle = new VehicleSnapshot();
        vehicle.setName("xzy-1-031");
        VehicleSpec spec = new VehicleSpec();
        spec.setHomeRegion("liege");
        vehicle.setSpec(spec);
        vehicle.setFlights(3);
        recovery.getSpec().setLaunch(launch);
        recovery.getSpec().setVehicle(vehicle);
        recovery.getSpec().setLandedAt("2026-12-02T09:25:00Z");
        return recovery;
    }

    private static Vehicle vehicle(String name) {
        Vehicle vehicle = new Vehicle();
        vehicle.getMetadata().setName(name);
        vehicle.getSpec().setHomeRegion("dubai");
        return vehicle;
    }

    @Test
    void aCallerLearnsWhatItMayDoAsFromRbac() {
        var peerRules = peer.authorization().v1().selfSubjectRulesReview().create(
                new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder()
                        .withNewSpec().withNamespace("rocket-express").endSpec().build());
        assertThat(peerRules.getStatus().getResourceRules())
                .allSatisfy(rule -> assertThat(rule.getResources()).containsExactly("recoveries"))
                .flatMap(rule -> rule.getVerbs()).containsExactlyInAnyOrder("create", "get", "list", "watch", "delete");
        var adminRules = cluster.client().authorization().v1().selfSubjectRulesReview().create(
                new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder()
                        .withNewSpec().withNamespace("rocket-express").endSpec().build());
        assertThat(adminRules.getStatus().getResourceRules()).singleElement()
                .satisfies(rule -> assertThat(rule.getVerbs()).containsExactly("*"));

        assertThat(accessReview(peer, "rocketexpress.io", "recoveries", "create")).isTrue();
        assertThat(accessReview(peer, "coordination.k8s.io", "leases", "create")).isFalse();
        assertThat(accessReview(cluster.client(), "coordination.k8s.io", "leases", "create")).isTrue();
    }

    private static boolean accessReview(KubernetesClient client, String group, String resource, String verb) {
        return client.authorization().v1().selfSubjectAccessReview().create(
                new io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder().withNewSpec()
                        .withNewResourceAttributes().withGroup(group).withResource(resource).withVerb(verb)
                        .withNamespace("rocket-express").endResourceAttributes().endSpec().build())
                .getStatus().getAllowed();
    }
}
