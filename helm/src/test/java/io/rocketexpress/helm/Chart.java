package io.rocketexpress.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The chart in helm/rocket-express, rendered with Helm as a library, and the repository around it. */
final class Chart {

    static final String RELEASE = "rocket-express";
    static final String NAMESPACE = "rocket-express";
    /** A Kubernetes version the chart supports; helm template assumes an older one by default. */
    static final String KUBE_VERSION = "1.31.0";
    static final List<String> REGIONS = List.of("hangzhou", "dubai", "liege", "kuala-lumpur");

    private static final Pattern DOCUMENTS = Pattern.compile("(?m)^---\\s*$");
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Chart() {
    }

    static Path root() {
        return Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    }

    static Path directory() {
        return root().resolve("helm").resolve("rocket-express");
    }

    static Path regionValues(String region) {
        return directory().resolve("values-" + region + ".yaml");
    }

    static Helm helm() {
        return new Helm(directory());
    }

    /** helm template with the chart's defaults and then the given values files, as helm install would. */
    static Rendered render(Path... valuesFiles) {
        return render(helm(), valuesFiles);
    }

    /**
     * The same, hooks included: Helm as a library leaves hooks (the helm test Pod) out of what it renders, so this
     * renders a copy of the chart whose templates carry no hook annotations.
     */
    static Rendered renderWithHooks(Path... valuesFiles) {
        try {
            Path copy = Files.createTempDirectory("chart-");
            Path chart = copy.resolve("rocket-express");
            try (Stream<Path> files = Files.walk(directory())) {
                for (Path file : files.toList()) {
                    Path target = chart.resolve(directory().relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else if (file.toString().endsWith(".yaml") && file.getParent().toString().contains("templates")) {
                        Files.writeString(target, Files.readString(file).lines()
                                .filter(line -> !line.trim().startsWith("helm.sh/hook"))
                                .collect(Collectors.joining("\n", "", "\n")));
                    } else {
                        Files.copy(file, target);
                    }
                }
            }
            return render(new Helm(chart), valuesFiles);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Rendered render(Helm helm, Path... valuesFiles) {
        ApiServer.get();
        TemplateCommand template = helm.template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (Path values : valuesFiles) {
            template = template.withValuesFile(values);
        }
        return new Rendered(objects(template.call()));
    }

    /** A client-side dry run of helm install: its output holds NOTES.txt as rendered. */
    static String installNotes(Path... valuesFiles) {
        ApiServer.get();
        InstallCommand install = helm().install().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION).dryRun().clientOnly();
        for (Path values : valuesFiles) {
            install = install.withValuesFile(values);
        }
        return install.call().getOutput();
    }

    static Path writeValues(Path directory, String yaml) {
        try {
            Path file = Files.createTempFile(directory, "values-", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every Kubernetes object of a multi-document YAML text, typed where fabric8 knows the kind. */
    static List<HasMetadata> objects(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENTS.split(yaml)) {
            boolean empty = Arrays.stream(document.split("\n"))
                    .allMatch(line -> line.isBlank() || line.trim().startsWith("#"));
            if (!empty) {
                objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
            }
        }
        return objects;
    }

    static List<HasMetadata> objects(Path file) {
        try {
            return objects(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
