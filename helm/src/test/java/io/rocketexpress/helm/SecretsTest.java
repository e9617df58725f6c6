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

        ApiServer.get().put(secret("rocket-express-admin-key", "admin-key", "the-key-partners-were-given"));
        ApiServer.get().put(secret("rocket-express-peer-key", "peer-key", "the-key-every-region-shares"));
        Rendered upgrade = Chart.render();

        assertThat(decoded(upgrade.one(Secret.class, "rocket-express-admin-key"), "admin-key"))
                .isEqualTo("the-key-partners-were-given");
        assertThat(decoded(upgrade.one(Secret.class, "rocket-express-peer-key"), "peer-key"))
                .isEqualTo("the-key-every-region-shares");
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
                  peerKey:
                    existingSecret: peers
                    key: shared
                """));
        assertThat(rendered.all(Secret.class)).extracting(s -> s.getMetadata().getName())
                .doesNotContain("partner-admin", "peers", "rocket-express-admin-key", "rocket-express-peer-key");
        var env = rendered.one(Deployment.class, "rocket-express-gateway").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv();
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("ROCKETEXPRESS_GATEWAY_ADMIN_KEY");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("partner-admin");
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
        });
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("ROCKETEXPRESS_GATEWAY_PEER_KEY");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("peers");
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("shared");
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
