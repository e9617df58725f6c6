package io.rocketexpress.helm;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys the chart makes are made once; keys and kubeconfigs it is given stay where they are. */
class SecretsTest {

    @TempDir
    Path dir;

    @AfterEach
    void forgetCluster() {
        ApiServer.get().clear();
    }

    @Test
    void adminAndPeerKeysAreGeneratedAtInstallAndKeptByEveryUpgrade() {
        String first = decoded(Chart.render().one(Secret.class, "rocket-express-admin-key"), "admin-key");
        assertThat(first).hasSize(48).isNotEqualTo(decoded(Chart.render().one(Secret.class, "rocket-express-admin-key"), "admin-key"));
        Secret generated = Chart.render().one(Secret.class, "rocket-express-peer-credential");
        assertThat(decoded(generated, "keyId")).matches("hangzhou-[a-z0-9]{8}");
        assertThat(decoded(generated, "secret")).hasSize(48);

        ApiServer.get().put(secret("rocket-express-admin-key", "admin-key", "the-key-partners-were-given"));
        ApiServer.get().put(new SecretBuilder(secret("rocket-express-peer-credential", "keyId", "hangzhou-2026-11"))
                .addToData("secret", Base64.getEncoder().encodeToString(
                        "the-secret-other-regions-were-given".getBytes(StandardCharsets.UTF_8))).build());
        Rendered upgrade = Chart.render();

        assertThat(decoded(upgrade.one(Secret.class, "rocket-express-admin-key"), "admin-key"))
                .isEqualTo("the-key-partners-were-given");
        Secret kept = upgrade.one(Secret.class, "rocket-express-peer-credential");
        assertThat(decoded(kept, "keyId")).isEqualTo("hangzhou-2026-11");
        assertThat(decoded(kept, "secret")).isEqualTo("the-secret-other-regions-were-given");
    }

    @Test
    void eachPeersKeysReachTheGatewayFromThatPeersSecret() {
        Rendered rendered = Chart.render(Chart.writeValues(dir, """
                peers:
                  - name: kuala-lumpur
                    code: KUL
                    gatewayUrl: https://gateway.kl.example
                    credentials:
                      existingSecret: keys-of-kl
                      key: both
                    kubeconfig:
                      existingSecret: region-kuala-lumpur
                  - name: dubai
                    code: DXB
                    credentials:
                      value: dubai-2026-11:a-secret-of-at-least-thirty-two-chars
                    kubeconfig:
                      existingSecret: region-dubai
                """));
        var env = rendered.one(Deployment.class, "rocket-express-gateway").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv();
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("RX_PEER_CREDENTIALS_KUALA_LUMPUR");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("keys-of-kl");
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("both");
        });
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("RX_PEER_CREDENTIALS_DUBAI");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("rocket-express-peer-dubai");
        });
        assertThat(decoded(rendered.one(Secret.class, "rocket-express-peer-dubai"), "credentials"))
                .isEqualTo("dubai-2026-11:a-secret-of-at-least-thirty-two-chars");
        String properties = rendered.one(io.fabric8.kubernetes.api.model.ConfigMap.class, "rocket-express-gateway")
                .getData().values().iterator().next();
        assertThat(properties)
                .contains("rocketexpress.peers.kuala-lumpur.credentials=${RX_PEER_CREDENTIALS_KUALA_LUMPUR}")
                .contains("rocketexpress.peers.dubai.credentials=${RX_PEER_CREDENTIALS_DUBAI}")
                .doesNotContain("a-secret-of-at-least-thirty-two-chars");
    }

    @Test
    void webhookSecretsKeyIsAnAesKeyGeneratedAtInstallAndKeptByEveryUpgrade() {
        String first = decoded(Chart.render().one(Secret.class, "rocket-express-webhook-secrets-key"),
                "webhook-secrets-key");
        assertThat(Base64.getDecoder().decode(first)).hasSize(32);

        ApiServer.get().put(secret("rocket-express-webhook-secrets-key", "webhook-secrets-key", first));

        assertThat(decoded(Chart.render().one(Secret.class, "rocket-express-webhook-secrets-key"),
                "webhook-secrets-key")).isEqualTo(first);
    }

    @Test
    void existingKeySecretsAreUsedAndNotRendered() {
        Rendered rendered = Chart.render(Chart.writeValues(dir, """
                gateway:
                  adminKey:
                    existingSecret: partner-admin
                    key: token
                  peerCredential:
                    existingSecret: peers
                """));
        assertThat(rendered.all(Secret.class)).extracting(s -> s.getMetadata().getName())
                .doesNotContain("partner-admin", "peers", "rocket-express-admin-key", "rocket-express-peer-credential");
        var env = rendered.one(Deployment.class, "rocket-express-gateway").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv();
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("ROCKETEXPRESS_GATEWAY_ADMIN_KEY");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("partner-admin");
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
        });
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("ROCKETEXPRESS_GATEWAY_PEER_CREDENTIAL_KEY_ID");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("peers");
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("keyId");
        });
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("ROCKETEXPRESS_GATEWAY_PEER_CREDENTIAL_SECRET");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("peers");
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("secret");
        });
    }

    @Test
    void aKubeconfigGivenInTheValuesIsKeptInASecretTheOperatorMayRead() {
        Rendered rendered = Chart.render(Chart.writeValues(dir, """
                peers:
                  - name: kuala-lumpur
                    code: KUL
                    kubeconfig:
                      value: "apiVersion: v1\\nkind: Config\\n"
                """));
        Secret kubeconfig = rendered.one(Secret.class, "rocket-express-region-kuala-lumpur");
        assertThat(decoded(kubeconfig, "kubeconfig")).isEqualTo("apiVersion: v1\nkind: Config\n");

        Properties operator = rendered.applicationProperties("rocket-express-operator");
        assertThat(operator.getProperty("rocketexpress.regions.kuala-lumpur.kubeconfig-secret"))
                .isEqualTo("rocket-express-region-kuala-lumpur");
        assertThat(operator.getProperty("rocketexpress.regions.kuala-lumpur.kubeconfig-key")).isEqualTo("kubeconfig");
        assertThat(rendered.one(io.fabric8.kubernetes.api.model.rbac.Role.class, "rocket-express-operator").getRules())
                .anySatisfy(rule -> {
                    assertThat(rule.getResources()).containsExactly("secrets");
                    assertThat(rule.getResourceNames()).containsExactly("rocket-express-region-kuala-lumpur");
                });
    }

    private static Secret secret(String name, String key, String value) {
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace(Chart.NAMESPACE).endMetadata()
                .addToData(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))).build();
    }

    private static String decoded(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
