package io.rocketexpress.localcluster;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.rocketexpress.model.crd.CustomResourceDefinitions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Every write is checked against its kind's schema: built once for the CRDs installed, again after a CRD write. */
class SchemaSetCacheTest {

    @Test
    void aKindsSchemaIsBuiltOnceUntilTheCrdsChange() {
        AtomicReference<List<CustomResourceDefinition>> installed = new AtomicReference<>(CustomResourceDefinitions.all());
        OpenApiDocuments documents = new OpenApiDocuments(installed::get);
        OpenApiDocuments.Kind launches = documents.kind("rocketexpress.io", "v1alpha1", "launches").orElseThrow();

        OpenApiDocuments.SchemaSet first = documents.schema(launches);
        assertThat(documents.schema(launches)).isSameAs(first);

        // A CRD written anew: the cluster's list of installed CRDs is a new one, and the schema is built from it.
        List<CustomResourceDefinition> changed = CustomResourceDefinitions.all();
        changed.stream().filter(crd -> crd.getSpec().getNames().getPlural().equals("launches"))
                .flatMap(crd -> crd.getSpec().getVersions().stream())
                .forEach(version -> version.getSchema().getOpenAPIV3Schema().setDescription("changed"));
        installed.set(changed);
        OpenApiDocuments.SchemaSet rebuilt = documents.schema(launches);
        assertThat(rebuilt).isNotSameAs(first);
        assertThat(rebuilt.rootSchema().path("description").asText()).isEqualTo("changed");
        assertThat(first.rootSchema().path("description").asText()).isNotEqualTo("changed");
    }
}
