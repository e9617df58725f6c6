package io.rocketexpress.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the install prints and what the deployment guide says are steps that work for the chart as it is. */
class ReleaseNotesAndGuideTest {

    private static final Pattern APPLY = Pattern.compile("kubectl -n \\S+ apply -f (k8s/examples/\\S+) -l ([\\w./-]+)=(\\S+)");

    static Stream<String> regions() {
        return Chart.REGIONS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regions")
    void notesApplyOnlyTheRegionsOwnVehiclesAndTheLaunchesLiftingOffThere(String region) {
        String notes = Chart.installNotes(Chart.regionValues(region));
        List<String> applies = notes.lines().filter(line -> line.contains("apply -f k8s/examples/")).toList();
        assertThat(applies).hasSize(2);
        for (String line : applies) {
            Matcher apply = APPLY.matcher(line);
            assertThat(apply.find()).as(line).isTrue();
            assertThat(apply.group(3)).as(line).isEqualTo(region);
            // What the selector picks from the example is this region's and nothing else.
            List<HasMetadata> picked = Chart.objects(Chart.root().resolve(apply.group(1))).stream()
                    .filter(o -> o.getMetadata().getLabels() != null
                            && region.equals(o.getMetadata().getLabels().get(apply.group(2))))
                    .toList();
            assertThat(picked).as(line).isNotEmpty().allSatisfy(object -> {
                @SuppressWarnings("unchecked")
                var spec = (java.util.Map<String, Object>) ((GenericKubernetesResource) object).getAdditionalProperties().get("spec");
                assertThat(spec.get(object.getKind().equals("Vehicle") ? "homeRegion" : "origin")).isEqualTo(region);
            });
        }
    }

    @Test
    void chartAcceptsOnlyKubernetesVersionsThatKnowTheCrdsCelReasons() throws IOException {
        boolean reasons = false;
        try (Stream<java.nio.file.Path> files = Files.list(Chart.directory().resolve("files/crds"))) {
            for (java.nio.file.Path file : files.toList()) {
                reasons |= Pattern.compile("(?s)x-kubernetes-validations:\\s*\\n\\s*- message:[^\\n]*\\n\\s*reason:")
                        .matcher(Files.readString(file)).find();
            }
        }
        assertThat(reasons).as("the CRDs' validation rules carry a reason (Kubernetes 1.28 and later)").isTrue();
        assertThat(Files.readString(Chart.directory().resolve("Chart.yaml"))).contains("kubeVersion: \">=1.28.0-0\"");
        assertThat(guide()).contains("Kubernetes 1.28 or newer").doesNotContain("1.25");
    }

    @Test
    void guideNamesTheHelmVersionTheChartIsTestedWith() {
        String version = com.marcnuri.helm.Helm.version().call();
        Matcher major = Pattern.compile("v?(\\d+)\\.(\\d+)").matcher(version);
        assertThat(major.find()).as(version).isTrue();
        assertThat(guide()).contains("Helm " + major.group(1) + "." + major.group(2));
    }

    @Test
    void guideWaitsForEveryInstallUpgradeAndTest() {
        List<String> commands = commands(guide(), "helm(?: --kube-context \\S+)? (install|upgrade|test) ");
        assertThat(commands).hasSizeGreaterThanOrEqualTo(4);
        for (String command : commands) {
            assertThat(command).as(command).contains("--timeout");
            if (!command.contains(" test ")) {
                assertThat(command).as(command).contains("--wait");
            }
        }
    }

    @Test
    void valuesCommentsNameTheAdminApiWhereItIs() throws IOException {
        String values = Files.readString(Chart.directory().resolve("values.yaml"));
        assertThat(values).doesNotContain("/v1/admin").contains("/admin/partners");
    }

    @Test
    void peerRightsAreDescribedTheSameWayEverywhereAndAreWhatThePeerRoleGrants() throws IOException {
        String rights = "create, get, list, watch and delete";
        for (String file : List.of("src/docs/deploy.md", "src/docs/operations.md", "README.md")) {
            assertThat(Files.readString(Chart.root().resolve(file)).replaceAll("\\s+", " ")).as(file)
                    .contains(rights + " `recoveries`")
                    .doesNotContain("create, read, watch and delete", "create, read, watch, delete");
        }
        for (String file : List.of("helm/rocket-express/values.yaml", "k8s/rbac/peer.yaml")) {
            assertThat(Files.readString(Chart.root().resolve(file)).replaceAll("\\s*#\\s*|\\s+", " ")).as(file)
                    .contains(rights + " recoveries");
        }
        var peer = Chart.render().one(io.fabric8.kubernetes.api.model.rbac.Role.class, "rocket-express-peer");
        assertThat(peer.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResources()).containsExactly("recoveries");
            assertThat(rule.getVerbs()).containsExactly("create", "get", "list", "watch", "delete");
        });
    }

    private static String guide() {
        try {
            return Files.readString(Chart.root().resolve("src/docs/deploy.md"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Each shell command of the guide's code blocks starting with the pattern, continuation lines joined. */
    private static List<String> commands(String markdown, String start) {
        String joined = markdown.replaceAll("\\\\\\n\\s*", " ");
        return joined.lines().map(String::trim).filter(line -> Pattern.compile("^" + start).matcher(line).find()).toList();
    }

    @Test
    void notesOfAReleaseThatGeneratedItsPeerKeySayHowToGiveItToTheOtherRegions() {
        String notes = Chart.installNotes();
        assertThat(notes).contains("its own peer key, generated in Secret\nrocket-express-peer-credential")
                .contains("kubectl -n " + Chart.NAMESPACE + " get secret rocket-express-peer-credential \\\n"
                        + "       -o go-template='{{.data.keyId | base64decode}}:{{.data.secret | base64decode}}'");
        assertThat(Chart.installNotes(Chart.regionValues("dubai"))).doesNotContain("rocket-express-peer-credential");
    }
}
