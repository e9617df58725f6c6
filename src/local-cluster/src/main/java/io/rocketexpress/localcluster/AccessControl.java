package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.HttpUrl;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a credential may do on this API server, the way RBAC would decide it: a bearer token is bound to the
 * verbs it may use on each resource (group/resource), and anything else it asks for is refused with 403. Tokens
 * not bound here, and requests without one, may do everything, as the cluster's administrators may. Discovery
 * ({@code /api}, {@code /apis/...} without a resource, {@code /version}) is open to every caller, as on a real
 * cluster. A caller may ask what it may do ({@code SelfSubjectRulesReview}, {@code SelfSubjectAccessReview}),
 * as an operator does before it takes a lease, and gets the same answer.
 */
final class AccessControl {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REVIEWS = "/apis/authorization.k8s.io/v1/";

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
        String token = token(request);
        Set<String> allowed = token == null ? null : grants.get(token);
        if (allowed == null || selfReview(request) != null) {
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
     * The answer to a caller asking what its own credential may do (a review is created, never stored), or null
     * for any other request.
     */
    MockResponse selfReview(RecordedRequest request) {
        String path = request.getPath().split("\\?", 2)[0];
        boolean rules = path.equals(REVIEWS + "selfsubjectrulesreviews");
        boolean access = path.equals(REVIEWS + "selfsubjectaccessreviews");
        if (!"POST".equals(request.getMethod()) || !(rules || access)) {
            return null;
        }
        ObjectNode review;
        try {
            review = (ObjectNode) JSON.readTree(new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
        } catch (IOException | ClassCastException e) {
            return FailureStatus.response(400, "BadRequest", "the review is not a JSON object", null);
        }
        Set<String> allowed = grants.get(token(request));
        ObjectNode status = review.putObject("status");
        if (rules) {
            ArrayNode resourceRules = status.putArray("resourceRules");
            if (allowed == null) {
                resourceRules.addObject().<ObjectNode>set("verbs", JSON.createArrayNode().add("*"))
                        .<ObjectNode>set("apiGroups", JSON.createArrayNode().add("*"))
                        .set("resources", JSON.createArrayNode().add("*"));
            } else {
                for (String grant : allowed) {
                    String groupResource = grant.substring(0, grant.indexOf(' '));
                    String group = groupResource.substring(0, groupResource.indexOf('/'));
                    resourceRules.addObject()
                            .<ObjectNode>set("verbs", JSON.createArrayNode().add(grant.substring(grant.indexOf(' ') + 1)))
                            .<ObjectNode>set("apiGroups", JSON.createArrayNode().add("core".equals(group) ? "" : group))
                            .set("resources", JSON.createArrayNode().add(groupResource.substring(groupResource.indexOf('/') + 1)));
                }
            }
            status.putArray("nonResourceRules");
            status.put("incomplete", false);
        } else {
            var attributes = review.path("spec").path("resourceAttributes");
            String group = attributes.path("group").asText("");
            String asked = (group.isEmpty() ? "core" : group) + "/" + attributes.path("resource").asText()
                    + (attributes.path("subresource").asText("").isEmpty() ? "" : "/" + attributes.path("subresource").asText())
                    + " " + attributes.path("verb").asText();
            status.put("allowed", allowed == null || allowed.contains(asked));
        }
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_CREATED)
                .setHeader("Content-Type", "application/json").setBody(review.toString());
    }

    private static String token(RecordedRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).trim() : null;
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
