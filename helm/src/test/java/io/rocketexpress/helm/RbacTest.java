package io.rocketexpress.helm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Least privilege: every grant is one the code uses, namespaced, by name where Kubernetes allows it. */
class RbacTest {

    static Stream<String> regions() {
        return Chart.REGIONS.stream();
    }

    @Test
    void operatorMayDoExactlyWhatItsCodeDoes() {
        Role role = Chart.render(Chart.regionValues("hangzhou")).one(Role.class, "rocket-express-operator");

        assertThat(grants(role)).containsExactlyInAnyOrder(
                "rocketexpress.io/launches get", "rocketexpress.io/launches list", "rocketexpress.io/launches watch",
                "rocketexpress.io/launches patch",
                "rocketexpress.io/launches/status update",
                "rocketexpress.io/launches/finalizers update",
                "rocketexpress.io/vehicles get", "rocketexpress.io/vehicles list", "rocketexpress.io/vehicles watch",
                "rocketexpress.io/vehicles create", "rocketexpress.io/vehicles patch", "rocketexpress.io/vehicles delete",
                "rocketexpress.io/vehicles/status update",
                "rocketexpress.io/recoveries get", "rocketexpress.io/recoveries list",
                "rocketexpress.io/recoveries watch",
                "rocketexpress.io/recoveries/status update",
                "batch/jobs create", "batch/jobs get", "batch/jobs list", "batch/jobs watch", "batch/jobs delete",
                "core/events create",
                "core/secrets[region-dubai] get", "core/secrets[region-kuala-lumpur] get",
                "core/secrets[region-liege] get",
                // Leader election: the SDK checks for create, get and update; fabric8 renews with a patch.
                "coordination.k8s.io/leases create",
                "coordination.k8s.io/leases[rocket-express-operator] get",
                "coordination.k8s.io/leases[rocket-express-operator] update",
                "coordination.k8s.io/leases[rocket-express-operator] patch");
    }

    @Test
    void gatewayReadsTheScheduleAndFleetAndPatchesLaunchesOnly() {
        Role role = Chart.render().one(Role.class, "rocket-express-gateway");

        assertThat(grants(role)).containsExactlyInAnyOrder(
                "rocketexpress.io/launches get", "rocketexpress.io/launches list", "rocketexpress.io/launches watch",
                "rocketexpress.io/launches patch",
                "rocketexpress.io/vehicles get", "rocketexpress.io/vehicles list", "rocketexpress.io/vehicles watch");
    }

    @Test
    void vehicleControllerMayOnlyReadAndAnnotateJobsAndPeersOnlyHandOverRecoveries() {
        Rendered rendered = Chart.render();
        assertThat(grants(rendered.one(Role.class, "rocket-express-mission")))
                .containsExactlyInAnyOrder("batch/jobs get", "batch/jobs patch");
        // Nothing else in another region's cluster: no Jobs (any image, any account), no Vehicles, no Secrets.
        assertThat(grants(rendered.one(Role.class, "rocket-express-peer"))).containsExactlyInAnyOrder(
                "rocketexpress.io/recoveries create", "rocketexpress.io/recoveries get",
                "rocketexpress.io/recoveries list", "rocketexpress.io/recoveries watch",
                "rocketexpress.io/recoveries delete");
        assertThat(rendered.one(ServiceAccount.class, "rocket-express-peer").getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void withoutPeersTheOperatorMayReadNoSecretAtAll() {
        // A secrets rule without resourceNames would grant every Secret of the namespace.
        assertThat(grants(Chart.render().one(Role.class, "rocket-express-operator")))
                .noneMatch(grant -> grant.startsWith("core/secrets"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regions")
    void nothingIsGrantedClusterWideOrByWildcard(String region) {
        Rendered rendered = Chart.render(Chart.regionValues(region));
        assertThat(rendered.objects()).extracting(HasMetadata::getKind)
                .doesNotContain("ClusterRole", "ClusterRoleBinding");
        for (Role role : rendered.all(Role.class)) {
            for (PolicyRule rule : role.getRules()) {
                Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs(), rule.getResourceNames())
                        .flatMap(List::stream)
                        .forEach(value -> assertThat(value).as(role.getMetadata().getName()).doesNotContain("*"));
                assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
            }
        }
        for (RoleBinding binding : rendered.all(RoleBinding.class)) {
            assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
            assertThat(binding.getRoleRef().getName()).isEqualTo(binding.getMetadata().getName());
            assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
                assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                assertThat(subject.getNamespace()).isEqualTo(Chart.NAMESPACE);
            });
        }
    }

    @Test
    void plainManifestsInK8sGrantWhatTheChartGrants() throws IOException {
        Rendered chart = Chart.render(Chart.regionValues("hangzhou"));
        List<HasMetadata> plain = new ArrayList<>();
        try (Stream<Path> files = Files.list(Chart.root().resolve("k8s").resolve("rbac"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                plain.addAll(Chart.objects(file));
            }
        }
        Rendered manifests = new Rendered(plain);

        assertThat(byName(manifests.all(Role.class))).isEqualTo(byName(chart.all(Role.class)));
        assertThat(bindings(manifests.all(RoleBinding.class))).isEqualTo(bindings(chart.all(RoleBinding.class)));
        assertThat(names(manifests.all(ServiceAccount.class))).isEqualTo(names(chart.all(ServiceAccount.class)));
        assertThat(manifests.all(Role.class)).allSatisfy(role ->
                assertThat(role.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE));
    }

    /** Each rule spelled out as one line per api group, resource, name and verb. */
    private static Set<String> grants(Role role) {
        Set<String> grants = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                    ? List.of("") : rule.getResourceNames();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String name : names) {
                        for (String verb : rule.getVerbs()) {
                            grants.add((group.isEmpty() ? "core" : group) + "/" + resource
                                    + (name.isEmpty() ? "" : "[" + name + "]") + " " + verb);
                        }
                    }
                }
            }
        }
        return grants;
    }

    private static Map<String, Set<String>> byName(List<Role> roles) {
        Map<String, Set<String>> byName = new TreeMap<>();
        roles.forEach(role -> byName.put(role.getMetadata().getName(), grants(role)));
        return byName;
    }

    private static Map<String, String> bindings(List<RoleBinding> bindings) {
        Map<String, String> byName = new TreeMap<>();
        bindings.forEach(binding -> byName.put(binding.getMetadata().getName(), binding.getRoleRef().getName() + " -> "
                + binding.getSubjects().stream().map(s -> s.getKind() + ":" + s.getNamespace() + "/" + s.getName()).toList()));
        return byName;
    }

    private static Set<String> names(List<? extends HasMetadata> objects) {
        Set<String> names = new TreeSet<>();
        objects.forEach(object -> names.add(object.getMetadata().getName()));
        return names;
    }
}
