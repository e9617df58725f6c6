package io.rocketexpress.localcluster;

import io.fabric8.mockwebserver.http.HttpUrl;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a credential may do on this API server, the way RBAC would decide it: a bearer token is bound to the
 * verbs it may use on each resource (group/resource), and anything else it asks for is refused with 403. Tokens
 * not bound here, and requests without one, may do everything, as the cluster's administrators may. Discovery
 * ({@code /api}, {@code /apis/...} without a resource, {@code /version}) is open to every caller, as on a real
 * cluster.
 */
final class AccessControl {

    /** The token of the kubeconfig another region's operator keeps: the rights of k8s/rbac/peer.yaml. */
    static final String PEER_TOKEN = "peer-operator";

    /** Resources and verbs of the peer Role, as {@code group/resource verb}. */
    static final Set<String> PEER_GRANTS = Set.of(
            "rocketexpress.io/recoveries create", "rocketexpress.io/recoveries get",
            "rocketexpress.io/recoveries list", "rocketexpress.io/recoveries watch",
            "rocketexpress.io/recoveries delete");

    private final Map<String, Set<String>> grants = Map.of(PEER_TOKEN, PEER_GRANTS);

    /** The 403 answer when the request's credential may not do what it asks; null when it may. */
    MockResponse refusal(RecordedRequest request) {
        String authorization = request.getHeader("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).trim() : null;
        Set<String> allowed = token == null ? null : grants.get(token);
        if (allowed == null) {
            return null;
        }
        String asked = attributes(request.getMethod(), request.getPath());
        if (asked == null || allowed.contains(asked)) {
            return null;
        }
        int space = asked.indexOf(' ');
        return FailureStatus.response(HttpURLConnection.HTTP_FORBIDDEN, "Forbidden",
                "this credential may not " + asked.substring(space + 1) + " " + asked.substring(0, space));
    }

    /**
     * The {@code group/resource[/subresource] verb} a request asks for, or null for a non-resource path
     * (discovery, version).
     */
    static String attributes(String method, String path) {
        HttpUrl url = HttpUrl.parse("http://localhost" + path);
        List<String> segments = java.util.Arrays.stream(path.split("\\?", 2)[0].split("/"))
                .filter(s -> !s.isEmpty()).toList();
        String group;
        int rest;
        if (segments.size() >= 2 && segments.get(0).equals("api")) {
            group = "core";
            rest = 2;
        } else if (segments.size() >= 3 && segments.get(0).equals("apis")) {
            group = segments.get(1);
            rest = 3;
        } else {
            return null;
        }
        List<String> resourcePath = segments.subList(rest, segments.size());
        if (resourcePath.size() >= 2 && resourcePath.get(0).equals("namespaces")) {
            if (resourcePath.size() == 2) {
                resourcePath = List.of("namespaces", resourcePath.get(1));
            } else {
                resourcePath = resourcePath.subList(2, resourcePath.size());
            }
        }
        if (resourcePath.isEmpty()) {
            return null;
        }
        String resource = resourcePath.get(0) + (resourcePath.size() > 2 ? "/" + resourcePath.get(2) : "");
        boolean named = resourcePath.size() > 1;
        String watch = url.queryParameter("watch");
        String verb = switch (method) {
            case "GET" -> named ? "get" : "true".equals(watch) || "1".equals(watch) ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase(java.util.Locale.ROOT);
        };
        return group + "/" + resource + " " + verb;
    }
}
