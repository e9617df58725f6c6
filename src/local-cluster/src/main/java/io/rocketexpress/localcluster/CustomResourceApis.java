package io.rocketexpress.localcluster;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresources;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the installed CustomResourceDefinitions add to discovery, read as the API server reads them: every
 * served version of a CRD's group lists the resource, with its singular name, short names and categories,
 * and its status and scale subresources when the version enables them.
 */
final class CustomResourceApis {

    private CustomResourceApis() {
    }

    /** Resources by group, then by version; groups in name order, each group's versions most preferred first. */
    static Map<String, Map<String, List<APIResource>>> of(List<CustomResourceDefinition> definitions) {
        Map<String, Map<String, List<APIResource>>> groups = new TreeMap<>();
        for (CustomResourceDefinition crd : definitions) {
            if (crd.getMetadata().getDeletionTimestamp() != null) {
                continue; // a CRD on its way out is no longer served
            }
            String group = crd.getSpec().getGroup();
            CustomResourceDefinitionNames names = crd.getSpec().getNames();
            boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
            for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
                if (!Boolean.TRUE.equals(version.getServed())) {
                    continue;
                }
                List<APIResource> resources = groups
                        .computeIfAbsent(group, g -> new TreeMap<>(VersionPriority.INSTANCE))
                        .computeIfAbsent(version.getName(), v -> new ArrayList<>());
                resources.add(new APIResourceBuilder()
                        .withName(names.getPlural())
                        .withSingularName(Objects.requireNonNullElse(names.getSingular(), names.getKind().toLowerCase()))
                        .withKind(names.getKind())
                        .withNamespaced(namespaced)
                        .withVerbs(BuiltInApis.RESOURCE_VERBS)
                        .withShortNames(names.getShortNames())
                        .withCategories(names.getCategories())
                        .build());
                CustomResourceSubresources subresources = version.getSubresources();
                if (subresources != null && subresources.getStatus() != null) {
                    resources.add(BuiltInApis.subresource(names.getPlural(), "status", names.getKind(), namespaced));
                }
                if (subresources != null && subresources.getScale() != null) {
                    resources.add(BuiltInApis.subresource(names.getPlural(), "scale", names.getKind(), namespaced));
                }
            }
        }
        return groups;
    }
}
