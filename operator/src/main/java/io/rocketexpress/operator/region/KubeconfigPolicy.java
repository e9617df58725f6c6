package io.rocketexpress.operator.region;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a kubeconfig held in a Secret may ask of the operator. A Secret is data another team may write; the
 * operator must never run a program it names (exec and auth-provider plugins), read files of its own pod on its
 * behalf (token and certificate files), or talk to an API server it cannot authenticate (TLS verification
 * skipped). Such a kubeconfig is refused before the client library ever looks at it: building a client from it
 * would already run the plugin.
 */
final class KubeconfigPolicy {

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private KubeconfigPolicy() {
    }

    /** Why the kubeconfig is refused, or empty when it only carries inline credentials and verified TLS. */
    static Optional<String> refusal(String kubeconfig) {
        Config config;
        try {
            config = YAML.unmarshal(kubeconfig, Config.class);
        } catch (RuntimeException unreadable) {
            // Not a kubeconfig at all: the client library says why, as an unusable one.
            return Optional.empty();
        }
        if (config == null) {
            return Optional.empty();
        }
        List<String> refused = new ArrayList<>();
        if (config.getUsers() != null) {
            for (NamedAuthInfo named : config.getUsers()) {
                AuthInfo user = named.getUser();
                if (user == null) {
                    continue;
                }
                String who = "user " + named.getName();
                if (user.getExec() != null) {
                    refused.add(who + " runs a program (exec plugin)");
                }
                if (user.getAuthProvider() != null) {
                    refused.add(who + " uses an auth-provider plugin");
                }
                if (user.getTokenFile() != null) {
                    refused.add(who + " reads a token file");
                }
                if (user.getClientCertificate() != null || user.getClientKey() != null) {
                    refused.add(who + " reads certificate or key files");
                }
            }
        }
        if (config.getClusters() != null) {
            for (NamedCluster named : config.getClusters()) {
                Cluster cluster = named.getCluster();
                if (cluster == null) {
                    continue;
                }
                if (Boolean.TRUE.equals(cluster.getInsecureSkipTlsVerify())) {
                    refused.add("cluster " + named.getName() + " skips TLS verification (insecure-skip-tls-verify)");
                }
                if (cluster.getCertificateAuthority() != null) {
                    refused.add("cluster " + named.getName() + " reads a certificate authority file");
                }
            }
        }
        return refused.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", refused));
    }
}
