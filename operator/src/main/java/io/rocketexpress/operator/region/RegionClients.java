package io.rocketexpress.operator.region;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rocketexpress.model.region.ClusterAccess;
import io.rocketexpress.model.region.Region;
import io.rocketexpress.model.region.RegionRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The regions this operator knows and a Kubernetes client for each: this cluster's own client for its
 * region, one built from a kubeconfig Secret for every other, built once and closed on shutdown. A region
 * that cannot be used is reported as {@link RegionUnavailable} with a reason, never a failed start.
 */
@ApplicationScoped
public class RegionClients {

    private static final Logger LOG = Logger.getLogger(RegionClients.class);

    private final KubernetesClient local;
    private final RegionRegistry registry;
    private final Map<String, KubernetesClient> remote = new ConcurrentHashMap<>();

    RegionClients(KubernetesClient local, OperatorConfig config) {
        this.local = local;
        String here = config.operator().region();
        if (!config.regions().containsKey(here)) {
            throw new IllegalStateException("rocketexpress.operator.region=" + here
                    + " is not among the configured regions " + config.regions().keySet());
        }
        List<Region> regions = new ArrayList<>();
        new TreeMap<>(config.regions()).forEach((name, settings) -> {
            boolean isHere = name.equals(here);
            String namespace = settings.namespace().orElse(isHere ? local.getNamespace() : "rocket-express");
            ClusterAccess access;
            if (isHere) {
                access = ClusterAccess.LOCAL;
            } else if (settings.kubeconfigSecret().isPresent()) {
                access = new ClusterAccess.KubeconfigSecret(settings.kubeconfigSecret().get(), settings.kubeconfigKey());
            } else {
                access = ClusterAccess.NONE;
            }
            regions.add(new Region(name, settings.code(), namespace, access));
        });
        this.registry = new RegionRegistry(regions);
    }

    /** This operator's own region. */
    public Region here() {
        return registry.local().orElseThrow();
    }

    public RegionRegistry registry() {
        return registry;
    }

    /** @throws RegionUnavailable with reason UnknownRegion */
    public Region region(String name) {
        return registry.byName(name).orElseThrow(() -> new RegionUnavailable(name, RegionUnavailable.UNKNOWN_REGION,
                "region '" + name + "' is not in the operator's region registry (" + registry.names() + ")", null));
    }

    /**
     * The client for a region's cluster.
     *
     * @throws RegionUnavailable when the region is unknown or its kubeconfig is missing or unusable
     */
    public KubernetesClient client(String name) {
        Region region = region(name);
        if (region.isLocal()) {
            return local;
        }
        if (!(region.cluster() instanceof ClusterAccess.KubeconfigSecret access)) {
            throw new RegionUnavailable(name, RegionUnavailable.NO_KUBECONFIG, "no kubeconfig Secret is configured "
                    + "for region " + name + " (rocketexpress.regions." + name + ".kubeconfig-secret)", null);
        }
        KubernetesClient client = remote.get(name);
        if (client != null) {
            return client;
        }
        // Built outside computeIfAbsent: reading the Secret is remote I/O. Two racing builds keep the first.
        KubernetesClient built = build(region, access);
        KubernetesClient raced = remote.putIfAbsent(name, built);
        if (raced != null) {
            built.close();
            return raced;
        }
        LOG.infof("connected to region %s at %s", name, built.getMasterUrl());
        return built;
    }

    /**
     * Drops the client of a region after it failed to answer: the next use builds it again from the Secret,
     * which picks up a rotated kubeconfig or a moved API server.
     */
    public void forget(String name) {
        KubernetesClient client = remote.remove(name);
        if (client != null) {
            client.close();
        }
    }

    private KubernetesClient build(Region region, ClusterAccess.KubeconfigSecret access) {
        Secret secret;
        try {
            secret = local.secrets().withName(access.secretName()).get();
        } catch (KubernetesClientException e) {
            throw new RegionUnavailable(region.name(), RegionUnavailable.SECRET_MISSING, "could not read Secret "
                    + access.secretName() + " holding the kubeconfig of region " + region.name() + ": "
                    + e.getMessage(), e);
        }
        String kubeconfig = secret == null ? null : kubeconfig(secret, access.key());
        if (kubeconfig == null) {
            throw new RegionUnavailable(region.name(), RegionUnavailable.SECRET_MISSING, "Secret "
                    + access.secretName() + (secret == null ? " does not exist" : " has no key " + access.key())
                    + " in namespace " + local.getNamespace() + "; it should hold the kubeconfig of region "
                    + region.name(), null);
        }
        String refusal = KubeconfigPolicy.refusal(kubeconfig).orElse(null);
        if (refusal != null) {
            throw new RegionUnavailable(region.name(), RegionUnavailable.KUBECONFIG_REFUSED, "the kubeconfig in Secret "
                    + access.secretName() + " (key " + access.key() + ") for region " + region.name()
                    + " is refused: " + refusal + "; give it an inline token or client certificate and the server's"
                    + " CA data", null);
        }
        try {
            Config config = Config.fromKubeconfig(kubeconfig);
            if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
                throw new IllegalArgumentException("it names no cluster server");
            }
            config.setNamespace(region.namespace());
            return new KubernetesClientBuilder().withConfig(config).build();
        } catch (RuntimeException e) {
            throw new RegionUnavailable(region.name(), RegionUnavailable.KUBECONFIG_INVALID, "the kubeconfig in Secret "
                    + access.secretName() + " (key " + access.key() + ") for region " + region.name()
                    + " is not usable: " + e.getMessage(), e);
        }
    }

    private static String kubeconfig(Secret secret, String key) {
        if (secret.getData() != null && secret.getData().get(key) != null) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        return secret.getStringData() == null ? null : secret.getStringData().get(key);
    }

    @PreDestroy
    void close() {
        remote.values().forEach(KubernetesClient::close);
        remote.clear();
    }
}
