package io.rocketexpress.helm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged apps carry no region of their own: an installation gets its regions from the chart, and only those. */
class PackagedConfigurationTest {

    @Test
    void packagedAppsNameNoRegionOutsideTheDevAndTestProfiles() throws IOException {
        for (String app : List.of("gateway", "operator")) {
            List<String> settings = Files.readAllLines(Chart.root().resolve(app + "/src/main/resources/application.properties"))
                    .stream().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            assertThat(settings).as(app)
                    .noneMatch(line -> line.startsWith("rocketexpress.regions.")
                            || line.startsWith("rocketexpress.gateway.region=")
                            || line.startsWith("rocketexpress.operator.region="));
            assertThat(settings).as(app).anyMatch(line -> line.startsWith("%dev.rocketexpress.regions.hangzhou.code="));
        }
    }

    @Test
    void packagedGatewayKeepsSwaggerUiOffAndItsManagementSurfaceOnAPortOfItsOwn() throws IOException {
        List<String> settings = Files.readAllLines(Chart.root().resolve("gateway/src/main/resources/application.properties"))
                .stream().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        // Production reads the unprofiled lines; the chart's configuration sets neither.
        assertThat(settings).contains("quarkus.swagger-ui.enabled=false", "quarkus.management.enabled=true",
                "quarkus.management.port=9000");
        assertThat(settings).noneMatch(line -> line.startsWith("%prod.quarkus.swagger-ui")
                || line.startsWith("%prod.quarkus.management"));
        assertThat(Chart.render().applicationProperties("rocket-express-gateway").stringPropertyNames())
                .noneMatch(name -> name.startsWith("quarkus.swagger-ui") || name.startsWith("quarkus.management"));
    }
}
