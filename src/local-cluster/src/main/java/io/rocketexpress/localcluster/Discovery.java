package io.rocketexpress.localcluster;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.RootPathsBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;

import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The API server's self-description, which the in-process server lacks in CRUD mode (it answers these paths
 * with whatever it stores): the version, the legacy discovery documents under {@code /api} and {@code /apis},
 * the root path list and the health endpoints. kubectl and client libraries read these before they touch a
 * resource: without them {@code kubectl get launches} finds no such resource type.
 * <p>
 * Our groups are read from the CustomResourceDefinitions stored in the server at each request, so a CRD
 * created or deleted through the API shows up in, or drops out of, discovery at once.
 * <p>
 * Only the unaggregated documents are served: clients ask for aggregated discovery first, but fall back to
 * these when the answer is plain {@code application/json}.
 */
final class Discovery {

    /** The Kubernetes release claimed by {@code /version}: the one the fabric8 model we build on describes. */
    static final String KUBERNETES_MAJOR = "1";
    static final String KUBERNETES_MINOR = "33";

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final String CORE_VERSION = "v1";

    private final Supplier<List<CustomResourceDefinition>> installedDefinitions;

    Discovery(Supplier<List<CustomResourceDefinition>> installedDefinitions) {
        this.installedDefinitions = installedDefinitions;
    }

    /**
     * The answer to a GET of {@code path} (query string included or not), or null when the path names
     * resources, which the store answers.
     */
    MockResponse answer(String path) {
        String[] segments = segments(path);
        if (segments.length == 0) {
            return json(new RootPathsBuilder().withPaths(rootPaths()).build());
        }
        String first = segments[0];
        if (segments.length == 1 && "version".equals(first)) {
            return json(versionInfo());
        }
        if (segments.length == 1 && List.of("healthz", "livez", "readyz").contains(first)) {
            return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
                    .setHeader("Content-Type", "text/plain; charset=utf-8").setBody("ok");
        }
        if ("api".equals(first)) {
            return legacyApi(segments);
        }
        if ("apis".equals(first)) {
            return groupedApis(segments);
        }
        // Not a resource path either (/metrics, ...): say so rather than let the store list everything.
        return notFound();
    }

    private MockResponse legacyApi(String[] segments) {
        if (segments.length == 1) {
            return json(new APIVersionsBuilder().withVersions(CORE_VERSION).build());
        }
        if (segments.length == 2) {
            return CORE_VERSION.equals(segments[1])
                    ? json(resourceList(CORE_VERSION, BuiltInApis.byGroupVersion().get(CORE_VERSION)))
                    : notFound();
        }
        return null;
    }

    private MockResponse groupedApis(String[] segments) {
        if (segments.length > 3) {
            return null;
        }
        Map<String, Map<String, List<APIResource>>> groups = groups();
        if (segments.length == 1) {
            List<APIGroup> list = new ArrayList<>();
            groups.forEach((name, versions) -> list.add(group(name, versions)));
            return json(new APIGroupListBuilder().withGroups(list).build());
        }
        Map<String, List<APIResource>> versions = groups.get(segments[1]);
        if (versions == null) {
            return notFound();
        }
        if (segments.length == 2) {
            return json(group(segments[1], versions));
        }
        List<APIResource> resources = versions.get(segments[2]);
        return resources == null ? notFound() : json(resourceList(segments[1] + "/" + segments[2], resources));
    }

    /** Built-in groups in the catalogue's order, then the custom ones; a custom version of a built-in group joins it. */
    private Map<String, Map<String, List<APIResource>>> groups() {
        Map<String, Map<String, List<APIResource>>> groups = new LinkedHashMap<>();
        BuiltInApis.byGroupVersion().forEach((groupVersion, resources) -> {
            int slash = groupVersion.indexOf('/');
            if (slash > 0) {
                groups.computeIfAbsent(groupVersion.substring(0, slash), g -> new LinkedHashMap<>())
                        .put(groupVersion.substring(slash + 1), new ArrayList<>(resources));
            }
        });
        CustomResourceApis.of(installedDefinitions.get()).forEach((group, versions) ->
                versions.forEach((version, resources) -> groups
                        .computeIfAbsent(group, g -> new LinkedHashMap<>())
                        .computeIfAbsent(version, v -> new ArrayList<>())
                        .addAll(resources)));
        return groups;
    }

    private static APIGroup group(String name, Map<String, List<APIResource>> versions) {
        List<GroupVersionForDiscovery> served = versions.keySet().stream()
                .sorted(VersionPriority.INSTANCE)
                .map(version -> new GroupVersionForDiscovery(name + "/" + version, version))
                .toList();
        return new APIGroupBuilder().withName(name).withVersions(served).withPreferredVersion(served.get(0)).build();
    }

    private static Object resourceList(String groupVersion, List<APIResource> resources) {
        return new APIResourceListBuilder().withGroupVersion(groupVersion).withResources(resources).build();
    }

    private List<String> rootPaths() {
        List<String> paths = new ArrayList<>(List.of("/api", "/api/" + CORE_VERSION, "/apis"));
        groups().forEach((group, versions) -> {
            paths.add("/apis/" + group);
            versions.keySet().forEach(version -> paths.add("/apis/" + group + "/" + version));
        });
        paths.addAll(List.of("/healthz", "/livez", "/openapi/v2", "/openapi/v3", "/openapi/v3/", "/readyz", "/version"));
        return paths;
    }

    private static Map<String, String> versionInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("major", KUBERNETES_MAJOR);
        info.put("minor", KUBERNETES_MINOR);
        info.put("gitVersion", "v" + KUBERNETES_MAJOR + "." + KUBERNETES_MINOR + ".0+localcluster");
        info.put("gitCommit", "");
        info.put("gitTreeState", "clean");
        info.put("buildDate", "1970-01-01T00:00:00Z");
        info.put("goVersion", "");
        info.put("compiler", "");
        info.put("platform", System.getProperty("os.name").toLowerCase() + "/" + System.getProperty("os.arch"));
        return info;
    }

    private static MockResponse notFound() {
        return json(HttpURLConnection.HTTP_NOT_FOUND, new StatusBuilder().withNewMetadata().endMetadata()
                .withStatus("Failure").withReason("NotFound").withCode(HttpURLConnection.HTTP_NOT_FOUND)
                .withMessage("the server could not find the requested resource").build());
    }

    private static MockResponse json(Object document) {
        return json(HttpURLConnection.HTTP_OK, document);
    }

    private static MockResponse json(int code, Object document) {
        return new MockResponse().setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(JSON.asJson(document));
    }

    private static String[] segments(String path) {
        String withoutQuery = path.split("\\?", 2)[0];
        return Arrays.stream(withoutQuery.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }
}
