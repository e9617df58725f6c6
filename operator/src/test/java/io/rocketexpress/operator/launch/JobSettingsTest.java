package io.rocketexpress.operator.launch;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rocketexpress.operator.InProcessCluster;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(value = InProcessCluster.class, restrictToAnnotatedClass = false)
class JobSettingsTest {

    @Inject
    JobSettings jobs;

    @Test
    void withoutSettingsJobsRunTheSimulatorImageTheBuildPublishesForThisVersion() {
        String version = ConfigProvider.getConfig().getValue("quarkus.application.version", String.class);
        assertThat(version).isNotBlank().isNotEqualTo("latest");
        assertThat(jobs.flight().image()).isEqualTo("ghcr.io/rocketexpress/rocket-express-simulator:" + version);
        assertThat(jobs.recovery().image()).isEqualTo(jobs.flight().image());
    }
}
