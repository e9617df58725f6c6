package io.rocketexpress.helm;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Before anything is installed, the chart reads the release namespace's Secrets and refuses to go on while one it
 * needs and does not make is missing, naming each; without a cluster to read (helm template) it still renders.
 */
class SecretsCheckTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetCluster() {
        ApiServer.get().clear();
    }

    @Test
    void installRefusesNamingEverySecretThatIsMissing() {
        ApiServer.get().answerLists(true);

        assertThatThrownBy(() -> Chart.render(Chart.regionValues("hangzhou")))
                .hasMessageContaining("missing in namespace rocket-express")
                .hasMessageContaining("Secret rocket-express-database (gateway.database.existingSecret) does not exist")
                .hasMessageContaining("Secret rocket-express-peer-credential (gateway.peerCredential.existingSecret) does not exist")
                .hasMessageContaining("Secret rocket-express-peer-dubai (the peer keys of region dubai) does not exist")
                .hasMessageContaining("Secret region-dubai (the kubeconfig of peer dubai) does not exist")
                .hasMessageContaining("Secret region-liege (the kubeconfig of peer liege) does not exist")
                .hasMessageContaining("Secret region-kuala-lumpur (the kubeconfig of peer kuala-lumpur) does not exist")
                .hasMessageContaining("Secret gateway-hangzhou-tls (gateway.ingress.tlsSecretName) does not exist");
    }

    @Test
    void installGoesOnOnceEverySecretIsThereWithItsKeys() {
        ApiServer.get().answerLists(true);
        putAllOfHangzhou();

        assertThat(Chart.render(Chart.regionValues("hangzhou")).all(Secret.class)).extracting(s -> s.getMetadata().getName())
                .contains("rocket-express-admin-key").doesNotContain("rocket-express-database", "region-dubai");
    }

    @Test
    void aSecretWithoutAKeyTheReleaseReadsIsNamedWithTheKey() {
        ApiServer.get().answerLists(true);
        putAllOfHangzhou();
        ApiServer.get().put(secret("rocket-express-database", "reactive-url", "jdbc-url", "username"));

        assertThatThrownBy(() -> Chart.render(Chart.regionValues("hangzhou")))
                .hasMessageContaining("Secret rocket-express-database (gateway.database.existingSecret) has no key password")
                .message().doesNotContain("region-dubai");
    }

    @Test
    void withoutAClusterToAskTheChartStillRendersAsHelmTemplateDoes() {
        // The list is answered 404, as lookup sees no cluster at all: nothing to check against.
        assertThat(Chart.render(Chart.regionValues("hangzhou")).objects()).isNotEmpty();
    }

    @Test
    void theCheckCanBeSwitchedOffToWireRegionsAfterwards() {
        ApiServer.get().answerLists(true);
        assertThat(Chart.render(Chart.regionValues("hangzhou"), Chart.writeValues(dir, """
                secrets:
                  check: false
                """)).objects()).isNotEmpty();
    }

    @Test
    void certManagerMakesTheTlsSecretSoItIsNotRequiredAndTheIngressAsksForIt() {
        ApiServer.get().answerLists(true);
        putAllOfHangzhou();
        Path certManager = Chart.writeValues(dir, """
                gateway:
                  ingress:
                    certManager:
                      issuer: letsencrypt
                """);
        // The TLS Secret is left out of the cluster: cert-manager makes it.
        ApiServer.get().remove(Chart.NAMESPACE, "gateway-hangzhou-tls");

        Ingress ingress = Chart.render(Chart.regionValues("hangzhou"), certManager).one(Ingress.class, "rocket-express-gateway");
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry("cert-manager.io/cluster-issuer", "letsencrypt");
        assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("gateway-hangzhou-tls");

        Ingress namespaced = Chart.render(Chart.writeValues(dir, """
                gateway:
                  ingress:
                    enabled: true
                    host: gateway.example.com
                    certManager:
                      issuer: internal-ca
                      issuerKind: Issuer
                """)).one(Ingress.class, "rocket-express-gateway");
        assertThat(namespaced.getMetadata().getAnnotations()).containsEntry("cert-manager.io/issuer", "internal-ca");
        assertThat(namespaced.getSpec().getTls().get(0).getSecretName()).isEqualTo("rocket-express-gateway-tls");
    }

    private static void putAllOfHangzhou() {
        ApiServer.get().put(secret("rocket-express-database", "reactive-url", "jdbc-url", "username", "password"));
        ApiServer.get().put(secret("rocket-express-peer-credential", "keyId", "secret"));
        for (String peer : new String[] {"dubai", "liege", "kuala-lumpur"}) {
            ApiServer.get().put(secret("region-" + peer, "kubeconfig"));
            ApiServer.get().put(secret("rocket-express-peer-" + peer, "credentials"));
        }
        ApiServer.get().put(secret("gateway-hangzhou-tls", "tls.crt", "tls.key"));
    }

    private static Secret secret(String name, String... keys) {
        Map<String, String> data = Arrays.stream(keys).collect(Collectors.toMap(key -> key, key -> "c2VjcmV0"));
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(Chart.NAMESPACE).endMetadata()
                .withData(data).build();
    }
}
