package io.rocketexpress.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What each image holds and says about itself, and its SBOM. */
class ImagesTest {

    private final String prefix = System.getProperty("image.prefix");
    private final String tag = System.getProperty("image.tag");

    @ParameterizedTest
    @ValueSource(strings = {"rocket-express-gateway", "rocket-express-operator", "rocket-express-simulator"})
    void runsAsNonRootAndCarriesItsOrigin(String name) {
        String image = prefix + "/" + name + ":" + tag;
        assertThat(Podman.inspect(image, "{{.Config.User}}")).isEqualTo("185");
        assertThat(Podman.inspect(image, "{{index .Config.Labels \"org.opencontainers.image.source\"}}"))
                .startsWith("https://");
        assertThat(Podman.inspect(image, "{{index .Config.Labels \"org.opencontainers.image.revision\"}}"))
                .isEqualTo(System.getProperty("image.revision")).matches("[0-9a-f]{40}");
        assertThat(Podman.inspect(image, "{{index .Config.Labels \"org.opencontainers.image.version\"}}")).isEqualTo(tag);
        assertThat(Podman.inspect(image, "{{index .Config.Labels \"org.opencontainers.image.title\"}}")).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocket-express-gateway", "rocket-express-operator", "rocket-express-simulator"})
    void holdsOnlyWhatRuns(String name) {
        String image = prefix + "/" + name + ":" + tag;
        // No compiler, JDK tool, build tool, downloader or apt: a runtime and the application. (dpkg, essential
        // to Debian, stays: it cannot fetch anything.)
        String found = Podman.exec("run", "--rm", "--runtime", "runc", "--ulimit", "nofile=20000:20000",
                "--ulimit", "nproc=4096:4096", "--label", Podman.LABEL, "--network", "none", "--entrypoint", "sh", image, "-c",
                "for tool in javac jar jlink jdeps gcc cc make mvn gradle git apt apt-get curl wget; do "
                        + "command -v $tool; done; ls -d /usr/lib/jvm/*/bin/javac 2>/dev/null; true")
                .orFail("listing tools in " + image).out();
        assertThat(found.lines().filter(line -> !line.isBlank()).toList()).isEmpty();
        assertThat(Podman.exec("run", "--rm", "--runtime", "runc", "--ulimit", "nofile=20000:20000",
                "--ulimit", "nproc=4096:4096", "--label", Podman.LABEL, "--network", "none", "--entrypoint", "java", image,
                "-version").orFail("java -version in " + image).err()).contains("17.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocket-express-gateway", "rocket-express-operator", "rocket-express-simulator"})
    void hasAnSbomOfEverythingItHolds(String name) throws IOException {
        JsonNode sbom = new ObjectMapper().readTree(
                Path.of(System.getProperty("containers.images")).resolve(name + ".cdx.json").toFile());
        assertThat(sbom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        JsonNode subject = sbom.path("metadata").path("component");
        assertThat(subject.path("type").asText()).isEqualTo("container");
        assertThat(subject.path("name").asText()).isEqualTo(name);
        assertThat(subject.path("version").asText()).isEqualTo(tag);
        List<String> purls = new ArrayList<>();
        sbom.path("components").forEach(component -> purls.add(component.path("purl").asText()));
        // The application and its libraries, then the base's Debian packages, the Java runtime among them.
        assertThat(purls).anyMatch(purl -> purl.startsWith("pkg:maven/io.rocketexpress/" + name.replace("rocket-express-", "rocket-express-")));
        assertThat(purls).anyMatch(purl -> purl.startsWith("pkg:maven/io.fabric8/kubernetes-client"));
        assertThat(purls).anyMatch(purl -> purl.startsWith("pkg:deb/debian/openjdk-17-jre-headless@"));
        assertThat(purls).anyMatch(purl -> purl.startsWith("pkg:deb/debian/ca-certificates@"));
        assertThat(purls).noneMatch(purl -> purl.contains("junit") || purl.contains("assertj"));
    }
}
