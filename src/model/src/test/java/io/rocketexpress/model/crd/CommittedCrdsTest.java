package io.rocketexpress.model.crd;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** k8s/crds/ is what installers apply: it must be exactly what the build generates from the classes. */
class CommittedCrdsTest {

    private static final String SYNC = "refresh it with: ./mvnw -pl src/model process-test-classes -Dsync-crds";

    private final Path committed = Path.of(System.getProperty("repository.root", "../.."), "k8s", "crds");

    @Test
    void committedCrdsAreTheGeneratedOnes() throws IOException {
        for (String file : fileNames(GeneratedCrds.directory())) {
            Path copy = committed.resolve(file);
            assertThat(copy).as("k8s/crds/%s is missing; %s", file, SYNC).exists();
            assertThat(Files.readString(copy))
                    .as("k8s/crds/%s differs from the CRD generated from the Java classes; %s", file, SYNC)
                    .isEqualTo(Files.readString(GeneratedCrds.directory().resolve(file)));
        }
    }

    @Test
    void noCommittedCrdIsLeftWithoutAClass() throws IOException {
        assertThat(fileNames(committed))
                .as("k8s/crds/ holds CRDs no class generates any more; delete them")
                .isSubsetOf(fileNames(GeneratedCrds.directory()));
    }

    private static Set<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".yml"))
                    .collect(Collectors.toSet());
        }
    }
}
