package io.rocketexpress.sandbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

/** The README's run command: the sandbox starts the packaged gateway on the embedded database. */
class SandboxTest {

    @TempDir
    static Path work;

    static Sandbox sandbox;

    @BeforeAll
    static void start() throws IOException {
        sandbox = Sandbox.start(new Sandbox.Settings(
                Path.of(System.getProperty("sandbox.gateway.app")), freePort(), work));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void gatewayIsReadyOnTheEmbeddedDatabase() {
        given().baseUri(sandbox.gateway().toString())
                .when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
        assertThat(work.resolve("logs").resolve("gateway.log")).isNotEmptyFile();
    }

    @Test
    void missingApplicationIsReportedClearly() {
        assertThatThrownBy(() -> Sandbox.start(new Sandbox.Settings(work.resolve("nothing.jar"), freePort(), work)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gateway is not built");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
