package io.rocketexpress.containers;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The chart rendered by Helm (as a library) for one region, and what a kubelet would read from it. */
final class RenderedChart {

    static final String RELEASE = "rocket-express";
    private static final Pattern DOCUMENTS = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final List<HasMetadata> objects;
    private final Function<String, Map<String, String>> existingSecrets;

    private RenderedChart(List<HasMetadata> objects, Function<String, Map<String, String>> existingSecrets) {
        this.objects = objects;
        this.existingSecrets = existingSecrets;
    }

    /**
     * helm template of the chart in the checkout with the given values file; Secrets the chart expects to exist
     * (the database's, for instance) are read from the cluster by the given function.
     */
    static RenderedChart render(Path root, String namespace, Path values, Function<String, Map<String, String>> existingSecrets) {
        String yaml = new Helm(root.resolve("helm").resolve("rocket-express")).template().withName(RELEASE)
                .withNamespace(namespace).withKubeVersion("1.31.0").withValuesFile(values).call();
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENTS.split(yaml)) {
            if (document.lines().anyMatch(line -> !line.isBlank() && !line.trim().startsWith("#"))) {
                objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
            }
        }
        return new RenderedChart(objects, existingSecrets);
    }

    Deployment deployment(String component) {
        return objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> component.equals(d.getMetadata().getLabels().get("app.kubernetes.io/component")))
                .findFirst().orElseThrow(() -> new IllegalStateException("the chart renders no " + component + " Deployment"));
    }

    ConfigMap configMap(String name) {
        return objects.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .filter(c -> c.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the chart renders no ConfigMap " + name));
    }

    /** A Secret's data: one the chart renders, else one that must exist before the install. */
    Map<String, String> secret(String name) {
        for (HasMetadata object : objects) {
            if (object instanceof Secret secret && secret.getMetadata().getName().equals(name)) {
                Map<String, String> data = new HashMap<>();
                if (secret.getData() != null) {
                    secret.getData().forEach((key, value) ->
                            data.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
                }
                if (secret.getStringData() != null) {
                    data.putAll(secret.getStringData());
                }
                return data;
            }
        }
        Map<String, String> provided = existingSecrets.apply(name);
        if (provided == null) {
            throw new IllegalStateException("the pods read Secret " + name + ", which neither the chart renders nor the cluster holds");
        }
        return provided;
    }

    /** A line of the rendered application.properties of a ConfigMap. */
    String property(String configMap, String key) {
        return configMap(configMap).getData().get("application.properties").lines()
                .map(String::strip).filter(line -> line.startsWith(key + "="))
                .map(line -> line.substring(key.length() + 1)).findFirst()
                .orElseThrow(() -> new IllegalStateException(configMap + " sets no " + key));
    }
}
