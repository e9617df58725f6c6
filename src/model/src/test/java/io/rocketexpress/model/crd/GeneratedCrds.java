package io.rocketexpress.model.crd;

import java.nio.file.Path;

/** Where this build wrote the CRDs it generated. */
final class GeneratedCrds {

    static final String LAUNCHES = CustomResourceDefinitions.FILES.get(0);
    static final String VEHICLES = CustomResourceDefinitions.FILES.get(1);
    static final String RECOVERIES = CustomResourceDefinitions.FILES.get(2);

    private GeneratedCrds() {
    }

    static Path directory() {
        return Path.of("target", "classes", "META-INF", "fabric8");
    }
}
