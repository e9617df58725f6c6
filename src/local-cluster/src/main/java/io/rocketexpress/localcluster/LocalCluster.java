package io.rocketexpress.localcluster;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.rocketexpress.model.crd.CustomResourceDefinitions;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A region's cluster on this machine: an in-process Kubernetes API server in CRUD mode with our CRDs
 * installed, whose status writes honour resourceVersion (see {@link StrictCrudDispatcher}). It stands in
 * for a real cluster in the tests and in the local sandbox; nothing of production runs on it.
 */
public final class LocalCluster implements AutoCloseable {

    private final StrictCrudDispatcher store;
    private KubernetesMockServer server;
    private KubernetesClient client;
    private int port;

    /** Starts an API server on a free port of the loopback interface. */
    public LocalCluster() {
        this(new StrictCrudDispatcher());
    }

    /** A cluster on the given store: tests use it to shorten how long watches wait for a bookmark or a change. */
    LocalCluster(StrictCrudDispatcher store) {
        this.store = store;
        start(0);
        CustomResourceDefinitions.all().forEach(crd -> client.resource(crd).create());
    }

    private void start(int port) {
        server = new KubernetesMockServer(new Context(), new ApiHttpServer(), new HashMap<>(), store, false);
        server.init(InetAddress.getLoopbackAddress(), port);
        client = server.createClient();
        this.port = client.getMasterUrl().getPort();
    }

    /** Takes the API server down: calls to it are refused, watches broken, until {@link #restart()}. */
    public void stop() {
        client.close();
        server.destroy();
    }

    /** Brings the API server back at the same address with everything it stored, as after a control-plane restart. */
    public void restart() {
        start(port);
    }

    /** The settings that point a Quarkus application's Kubernetes client at this cluster and namespace. */
    public Map<String, String> quarkusClientSettings(String namespace) {
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", client.getMasterUrl().toString(),
                "quarkus.kubernetes-client.namespace", namespace,
                "quarkus.kubernetes-client.trust-certs", "true",
                "quarkus.kubernetes-client.token", "local");
    }

    /** A client of this cluster, as the test's own view of it. */
    public KubernetesClient client() {
        return client;
    }

    /** A kubeconfig that reaches this cluster, with the given default namespace. */
    public String kubeconfig(String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: remote
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                contexts:
                - name: remote
                  context:
                    cluster: remote
                    user: remote
                    namespace: %s
                current-context: remote
                users:
                - name: remote
                  user:
                    token: test-token
                """.formatted(client.getMasterUrl(), namespace);
    }

    /** Stores this cluster's kubeconfig in a Secret of the operator's own cluster, in that client's namespace. */
    public void storeKubeconfig(KubernetesClient local, String secret, String namespace) {
        storeKubeconfig(local, local.getNamespace(), secret, namespace);
    }

    /**
     * Stores this cluster's kubeconfig, defaulting to {@code namespace}, in Secret {@code secret} of namespace
     * {@code secretNamespace} of the operator's own cluster: where that operator runs.
     */
    public void storeKubeconfig(KubernetesClient local, String secretNamespace, String secret, String namespace) {
        local.resource(new SecretBuilder().withNewMetadata().withName(secret).withNamespace(secretNamespace).endMetadata()
                .withStringData(Map.of("kubeconfig", kubeconfig(namespace))).build())
                .inNamespace(secretNamespace)
                .createOr(NonDeletingOperation::update);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
