package io.rocketexpress.localcluster;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes resources a local cluster advertises besides the custom ones: those our applications,
 * chart and tests touch, and the everyday ones a person pokes at with kubectl. The in-process server stores
 * any resource at any path, so this list only decides what discovery admits to; it is not a limit.
 */
final class BuiltInApis {

    /** Standard verbs of a stored resource, as the API server lists them. */
    static final List<String> RESOURCE_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /** Verbs of a status or scale subresource. */
    static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

    // groupVersion  plural  singular  Kind  scope  shortNames  categories  subresources ("-" for none)
    private static final String CATALOGUE = """
            v1                              configmaps                 configmap                 ConfigMap                Namespaced  cm      -    -
            v1                              endpoints                  endpoints                 Endpoints                Namespaced  ep      -    -
            v1                              events                     event                     Event                    Namespaced  ev      -    -
            v1                              namespaces                 namespace                 Namespace                Cluster     ns      -    status
            v1                              nodes                      node                      Node                     Cluster     no      -    status
            v1                              persistentvolumeclaims     persistentvolumeclaim     PersistentVolumeClaim    Namespaced  pvc     -    status
            v1                              persistentvolumes          persistentvolume          PersistentVolume         Cluster     pv      -    status
            v1                              pods                       pod                       Pod                      Namespaced  po      all  status
            v1                              secrets                    secret                    Secret                   Namespaced  -       -    -
            v1                              serviceaccounts            serviceaccount            ServiceAccount           Namespaced  sa      -    -
            v1                              services                   service                   Service                  Namespaced  svc     all  status
            apps/v1                         daemonsets                 daemonset                 DaemonSet                Namespaced  ds      all  status
            apps/v1                         deployments                deployment                Deployment               Namespaced  deploy  all  status,scale
            apps/v1                         replicasets                replicaset                ReplicaSet               Namespaced  rs      all  status,scale
            apps/v1                         statefulsets               statefulset               StatefulSet              Namespaced  sts     all  status,scale
            batch/v1                        cronjobs                   cronjob                   CronJob                  Namespaced  cj      all  status
            batch/v1                        jobs                       job                       Job                      Namespaced  -       all  status
            coordination.k8s.io/v1          leases                     lease                     Lease                    Namespaced  -       -    -
            events.k8s.io/v1                events                     event                     Event                    Namespaced  ev      -    -
            networking.k8s.io/v1            ingresses                  ingress                   Ingress                  Namespaced  ing     -    status
            networking.k8s.io/v1            networkpolicies            networkpolicy             NetworkPolicy            Namespaced  netpol  -    -
            policy/v1                       poddisruptionbudgets       poddisruptionbudget       PodDisruptionBudget      Namespaced  pdb     -    status
            rbac.authorization.k8s.io/v1    clusterrolebindings        clusterrolebinding        ClusterRoleBinding       Cluster     -       -    -
            rbac.authorization.k8s.io/v1    clusterroles               clusterrole               ClusterRole              Cluster     -       -    -
            rbac.authorization.k8s.io/v1    rolebindings               rolebinding               RoleBinding              Namespaced  -       -    -
            rbac.authorization.k8s.io/v1    roles                      role                      Role                     Namespaced  -       -    -
            apiextensions.k8s.io/v1         customresourcedefinitions  customresourcedefinition  CustomResourceDefinition Cluster     crd,crds -  status
            """;

    private static final Map<String, List<APIResource>> BY_GROUP_VERSION = parse();

    private BuiltInApis() {
    }

    /** Group versions ({@code v1} for the core group, {@code group/version} otherwise) and their resources. */
    static Map<String, List<APIResource>> byGroupVersion() {
        return BY_GROUP_VERSION;
    }

    private static Map<String, List<APIResource>> parse() {
        Map<String, List<APIResource>> catalogue = new LinkedHashMap<>();
        for (String line : CATALOGUE.strip().split("\n")) {
            String[] f = line.trim().split("\\s+");
            List<APIResource> resources = catalogue.computeIfAbsent(f[0], gv -> new ArrayList<>());
            boolean namespaced = "Namespaced".equals(f[4]);
            resources.add(new APIResourceBuilder()
                    .withName(f[1]).withSingularName(f[2]).withKind(f[3]).withNamespaced(namespaced)
                    .withVerbs(RESOURCE_VERBS).withShortNames(list(f[5])).withCategories(list(f[6]))
                    .build());
            for (String subresource : list(f[7])) {
                resources.add(subresource(f[1], subresource, f[3], namespaced));
            }
        }
        catalogue.replaceAll((gv, resources) -> List.copyOf(resources));
        return Collections.unmodifiableMap(catalogue);
    }

    /** A status or scale subresource; a scale speaks {@code autoscaling/v1} Scale whatever its parent's kind. */
    static APIResource subresource(String plural, String subresource, String kind, boolean namespaced) {
        APIResourceBuilder builder = new APIResourceBuilder()
                .withName(plural + "/" + subresource).withSingularName("").withNamespaced(namespaced)
                .withVerbs(SUBRESOURCE_VERBS);
        if ("scale".equals(subresource)) {
            return builder.withGroup("autoscaling").withVersion("v1").withKind("Scale").build();
        }
        return builder.withKind(kind).build();
    }

    private static List<String> list(String field) {
        return "-".equals(field) ? List.of() : Arrays.asList(field.split(","));
    }
}
