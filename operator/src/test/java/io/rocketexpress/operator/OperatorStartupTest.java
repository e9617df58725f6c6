package io.rocketexpress.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(value = InProcessCluster.class, restrictToAnnotatedClass = false)
class OperatorStartupTest {

    @Inject
    KubernetesClient client;

    @Test
    void clusterHasTheRocketExpressCrds() {
        assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems())
                .extracting(crd -> crd.getMetadata().getName())
                .contains("launches.rocketexpress.io", "vehicles.rocketexpress.io", "recoveries.rocketexpress.io");
    }

    @Test
    void readyOnceItsControllersWatchTheCluster() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }
}
