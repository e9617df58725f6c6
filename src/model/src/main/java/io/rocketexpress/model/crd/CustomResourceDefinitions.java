package io.rocketexpress.model.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The CRDs generated from this module's classes, as this jar carries them: for tests and the local sandbox. */
public final class CustomResourceDefinitions {

    /** File names under {@code META-INF/fabric8/}, as the generator writes them. */
    public static final List<String> FILES = List.of(
            "launches.rocketexpress.io-v1.yml",
            "vehicles.rocketexpress.io-v1.yml",
            "recoveries.rocketexpress.io-v1.yml");

    private CustomResourceDefinitions() {
    }

    /** All Rocket Express CRDs. */
    public static List<CustomResourceDefinition> all() {
        return FILES.stream().map(CustomResourceDefinitions::load).toList();
    }

    /** One CRD by its file name. */
    public static CustomResourceDefinition load(String file) {
        try (InputStream in = CustomResourceDefinitions.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is not on the classpath: was the model built?");
            }
            return new KubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
