package io.rocketexpress.localcluster;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.rocketexpress.model.crd.CustomResourceDefinitions;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * A region's cluster on this machine: an in-process Kubernetes API server in CRUD mode with our CRDs
 * installed, whose status writes honour resourceVersion (see {@link StrictCrudDispatcher}). It stands in
 * for a real cluster in the tests and in the local sandbox; nothing of production runs on it.
 */
public final class LocalCluster implements AutoCloseable {

    private final StrictCrudDispatcher store;
    private final List<Consumer<RecordedRequest>> observers = new CopyOnWriteArrayList<>();
    private BlockingQueue<String> recorded;
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
        server = new KubernetesMockServer(new Context(), new ApiHttpServer(request -> observers.forEach(observer -> observer.accept(request))), new HashMap<>(), store, false);
        server.init(InetAddress.getLoopbackAddress(), port);
        // The same client across a restart: whoever holds it (a kubelet, an informer) reconnects, as to a real one.
        if (client == null) {
            client = server.createClient();
        }
        this.port = client.getMasterUrl().getPort();
    }

    /**
     * Takes the API server down: calls to it are refused, watches broken, until {@link #restart()}. Its clients stay
     * open, as clients of a real API server whose control plane restarts: they are answered again once it is back.
     */
    public void stop() {
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

    /**
     * The requests this API server received since the last call (method and path, oldest first): what a test
     * counts to show that something is read from a cache rather than asked for. Recording starts with the first
     * call, which returns nothing: a cluster that runs for hours keeps no log nobody reads.
     */
    public synchronized List<String> takeRequests() {
        List<String> taken = new ArrayList<>();
        if (recorded == null) {
            BlockingQueue<String> queue = new LinkedBlockingQueue<>();
            observe(request -> queue.add(request.getMethod() + " " + request.getPath()));
            recorded = queue;
            return taken;
        }
        recorded.drainTo(taken);
        return taken;
    }

    /**
     * Tells the observer of every request this API server receives from now on, before it is answered (watches
     * and refused requests included), on the server's own threads: it must be quick and must not call the server.
     */
    public void observe(Consumer<RecordedRequest> observer) {
        observers.add(observer);
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

    /**
     * The kubeconfig another region's operator keeps for this cluster: its token has only the rights of the peer
     * Role (k8s/rbac/peer.yaml), and anything else it asks for is refused.
     */
    public String peerKubeconfig(String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: peer
                  cluster:
                    server: %s
                contexts:
                - name: peer
                  context:
                    cluster: peer
                    user: peer
                    namespace: %s
                current-context: peer
                users:
                - name: peer
                  user:
                    token: %s
                """.formatted(client.getMasterUrl(), namespace, AccessControl.PEER_TOKEN);
    }

    /** Stores this cluster's peer kubeconfig in a Secret of the operator's own cluster, in that client's namespace. */
    public void storeKubeconfig(KubernetesClient local, String secret, String namespace) {
        storeKubeconfig(local, local.getNamespace(), secret, namespace);
    }

    /**
     * Stores this cluster's peer kubeconfig, defaulting to {@code namespace}, in Secret {@code secret} of namespace
     * {@code secretNamespace} of the operator's own cluster: where that operator runs.
     */
    public void storeKubeconfig(KubernetesClient local, String secretNamespace, String secret, String namespace) {
        local.resource(new SecretBuilder().withNewMetadata().withName(secret).withNamespace(secretNamespace).endMetadata()
                .withStringData(Map.of("kubeconfig", peerKubeconfig(namespace))).build())
                .inNamespace(secretNamespace)
                .createOr(NonDeletingOperation::update);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
