package io.rocketexpress.model.region;

import java.util.Objects;

/** How the software reaches a region's Kubernetes cluster. */
public sealed interface ClusterAccess {

    /** The cluster the software itself runs in (in-cluster configuration). */
    ClusterAccess LOCAL = new Local();

    /** A region configured without any way to reach its cluster: known, but unusable until one is given. */
    ClusterAccess NONE = new Unconfigured();

    /** No access configured. */
    record Unconfigured() implements ClusterAccess {
        @Override
        public String toString() {
            return "no access configured";
        }
    }

    /** The cluster this process runs in. */
    record Local() implements ClusterAccess {
        @Override
        public String toString() {
            return "this cluster";
        }
    }

    /**
     * Another cluster, reached with a kubeconfig held in a Secret of this cluster.
     *
     * @param secretName name of the Secret, in the software's own namespace
     * @param key        key of the Secret's data holding the kubeconfig
     */
    record KubeconfigSecret(String secretName, String key) implements ClusterAccess {
        public static final String DEFAULT_KEY = "kubeconfig";

        public KubeconfigSecret {
            if (secretName == null || secretName.isBlank()) {
                throw new IllegalArgumentException("a kubeconfig Secret needs a name");
            }
            key = Objects.requireNonNullElse(key, DEFAULT_KEY);
            if (key.isBlank()) {
                throw new IllegalArgumentException("the key of kubeconfig Secret " + secretName + " is blank");
            }
        }

        @Override
        public String toString() {
            return "kubeconfig in Secret " + secretName + " (key " + key + ")";
        }
    }
}
