package io.rocketexpress.model.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The CRDs this build generated, as the model jar carries them. */
final class GeneratedCrds {

    static final String LAUNCHES = "launches.rocketexpress.io-v1.yml";
    static final String VEHICLES = "vehicles.rocketexpress.io-v1.yml";

    private GeneratedCrds() {
    }

    static Path directory() {
        return Path.of("target", "classes", "META-INF", "fabric8");
    }

    static CustomResourceDefinition load(String file) {
        try (InputStream in = GeneratedCrds.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
            if (in == null) {
                throw new IllegalStateException(file + " was not generated");
            }
            return new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
