package io.rocketexpress.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart installs and upgrades exactly the CRDs the build generates, and never deletes them. */
class CrdsTest {

    private static final String SYNC = "refresh it with: ./mvnw -pl src/model,helm process-test-classes -Dsync-crds";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path committed = Chart.root().resolve("k8s").resolve("crds");

    @Test
    void renderedCrdsAreTheCommittedOnes() throws IOException {
        Map<String, JsonNode> rendered = new TreeMap<>();
        for (CustomResourceDefinition crd : Chart.render().all(CustomResourceDefinition.class)) {
            rendered.put(crd.getMetadata().getName(), comparable(crd));
        }
        Map<String, JsonNode> expected = new TreeMap<>();
        for (Path file : yamlFiles(committed)) {
            CustomResourceDefinition crd = (CustomResourceDefinition) Chart.objects(file).get(0);
            expected.put(crd.getMetadata().getName(), comparable(crd));
        }
        assertThat(rendered.keySet()).containsExactlyElementsOf(expected.keySet());
        // Helm reads and writes the YAML again: 120.0 comes out as 120, so numbers compare by value.
        Comparator<JsonNode> numbersByValue = (a, b) -> a.equals(b) ? 0
                : a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
        expected.forEach((name, crd) -> assertThat(crd.equals(numbersByValue, rendered.get(name)))
                .as("the chart's %s differs from k8s/crds/; %s", name, SYNC).isTrue());
    }

    @Test
    void chartCarriesACopyOfTheCommittedCrds() throws IOException {
        Path copy = Chart.directory().resolve("files").resolve("crds");
        Map<String, String> chart = contents(copy);
        assertThat(chart).as("helm/rocket-express/files/crds/ is a copy of k8s/crds/; %s", SYNC)
                .isEqualTo(contents(committed));
    }

    @Test
    void crdsSurviveUninstallAndCanBeLeftToSomeoneElse(@TempDir Path dir) {
        List<CustomResourceDefinition> crds = Chart.render().all(CustomResourceDefinition.class);
        assertThat(crds).hasSize(3).allSatisfy(crd -> assertThat(crd.getMetadata().getAnnotations())
                .containsEntry("helm.sh/resource-policy", "keep"));
        assertThat(Chart.render(Chart.writeValues(dir, "crds:\n  install: false\n")).all(CustomResourceDefinition.class))
                .isEmpty();
    }

    /** The object without the labels and annotations the chart adds. */
    private static JsonNode comparable(HasMetadata crd) {
        ObjectNode tree = (ObjectNode) readTree(Chart.SERIALIZATION.asJson(crd));
        ObjectNode metadata = (ObjectNode) tree.get("metadata");
        metadata.remove("labels");
        metadata.remove("annotations");
        return tree;
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> yamlFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".yml")).sorted().toList();
        }
    }

    private static Map<String, String> contents(Path directory) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        for (Path file : yamlFiles(directory)) {
            contents.put(file.getFileName().toString(), Files.readString(file));
        }
        return contents;
    }
}
