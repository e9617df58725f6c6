package io.rocketexpress.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The little of a Kubernetes API server that the chart's lookup calls reach while Helm renders it: Secrets,
 * read by name. Helm as a library talks to the cluster of KUBECONFIG even when it only renders; the build
 * points KUBECONFIG at the file this server writes, so no test ever reaches a real cluster, and a test can
 * stand up a Secret that an earlier release left behind.
 */
final class ApiServer {

    private static final Pattern SECRET = Pattern.compile("/api/v1/namespaces/([^/]+)/secrets/([^/]+)");
    private static final Pattern SECRETS = Pattern.compile("/api/v1/namespaces/([^/]+)/secrets");
    private static final String RESOURCES = """
            {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"v1","resources":[
              {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["get","list"]}]}
            """;

    private static ApiServer started;

    private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
    private volatile boolean lists;

    private ApiServer() {
    }

    /** The server of this test run, started on first use and announced through the KUBECONFIG file. */
    static synchronized ApiServer get() {
        if (started == null) {
            ApiServer server = new ApiServer();
            server.start();
            started = server;
        }
        return started;
    }

    void put(Secret secret) {
        secrets.put(secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName(), secret);
    }

    void remove(String namespace, String name) {
        secrets.remove(namespace + "/" + name);
    }

    /**
     * Whether the server answers lists of Secrets, as a real cluster does. Off, it answers them 404, which Helm's
     * lookup takes for "no cluster to ask", as under helm template: the chart's Secret check is skipped.
     */
    void answerLists(boolean answer) {
        lists = answer;
    }

    void clear() {
        secrets.clear();
        lists = false;
    }

    private void start() {
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig == null || kubeconfig.isBlank()) {
            throw new IllegalStateException("KUBECONFIG must name a file for the tests' API server; the build sets it");
        }
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/", this::answer);
            http.start();
            String url = "http://127.0.0.1:" + http.getAddress().getPort();
            Path file = Path.of(kubeconfig);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                      - name: tests
                        cluster:
                          server: %s
                    contexts:
                      - name: tests
                        context:
                          cluster: tests
                          user: tests
                    current-context: tests
                    users:
                      - name: tests
                        user:
                          token: tests
                    """.formatted(url));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Matcher secret = SECRET.matcher(path);
        Matcher list = SECRETS.matcher(path);
        if (lists && list.matches() && "GET".equals(exchange.getRequestMethod())) {
            String namespace = list.group(1);
            reply(exchange, 200, Chart.SERIALIZATION.asJson(new io.fabric8.kubernetes.api.model.SecretListBuilder()
                    .withNewMetadata().withResourceVersion("1").endMetadata()
                    .withItems(secrets.values().stream()
                            .filter(s -> namespace.equals(s.getMetadata().getNamespace())).toList())
                    .build()));
        } else if (path.equals("/api/v1")) {
            reply(exchange, 200, RESOURCES);
        } else if (secret.matches() && "GET".equals(exchange.getRequestMethod())
                && secrets.containsKey(secret.group(1) + "/" + secret.group(2))) {
            reply(exchange, 200, Chart.SERIALIZATION.asJson(secrets.get(secret.group(1) + "/" + secret.group(2))));
        } else {
            reply(exchange, 404, """
                    {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,"message":"%s not found"}
                    """.formatted(path));
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
