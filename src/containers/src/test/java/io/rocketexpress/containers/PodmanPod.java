package io.rocketexpress.containers;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One container of a pod spec as a kubelet would run it, translated to podman run: the image as written (never
 * pulled), the pod's and the container's security context (user, read-only root, capabilities, no privilege
 * escalation, seccomp), its env (literal, from Secrets, from the downward API), its volumes (emptyDirs as tmpfs,
 * ConfigMaps and Secrets as read-only files), its ports (published on loopback) and its resource limits.
 *
 * <p>What a cluster provides that the pod spec does not say stands in as follows: the pod network is podman's
 * slirp4netns, where the host's loopback is {@link #HOST}; the service account's API access is a kubeconfig
 * mounted with {@code KUBECONFIG} pointing at it.
 */
final class PodmanPod {

    /** The host's loopback as a container on slirp4netns with allow_host_loopback sees it. */
    static final String HOST = "10.0.2.2";

    private final PodSpec pod;
    private final Container container;
    private final String namespace;
    private final String podName;
    private final Function<String, Map<String, String>> secrets;
    private final Function<String, ConfigMap> configMaps;
    private final Map<String, String> extraEnv = new LinkedHashMap<>();
    private Path kubeconfig;

    PodmanPod(PodSpec pod, String containerName, String namespace, String podName,
              Function<String, Map<String, String>> secrets, Function<String, ConfigMap> configMaps) {
        this.pod = pod;
        this.container = pod.getContainers().stream().filter(c -> c.getName().equals(containerName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no container " + containerName + " in the pod spec"));
        this.namespace = namespace;
        this.podName = podName;
        this.secrets = secrets;
        this.configMaps = configMaps;
    }

    Container container() {
        return container;
    }

    /** The API server, as the pod's service account would reach it. */
    PodmanPod kubeconfig(Path file) {
        this.kubeconfig = file;
        return this;
    }

    /** Variables a test adds on top of the pod spec's (the sandbox's simulated time, for instance). */
    PodmanPod env(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    /** Starts the container detached; returns its id. */
    String start(Path workDirectory) {
        List<String> run = new ArrayList<>(List.of("run", "--detach", "--pull", "never", "--name", podName));
        run.addAll(Podman.hostOptions());
        run.addAll(List.of("--network", "slirp4netns:allow_host_loopback=true"));
        run.addAll(securityOptions());
        run.addAll(resourceOptions());
        run.addAll(volumeOptions(workDirectory));
        for (Map.Entry<String, String> variable : environment().entrySet()) {
            run.addAll(List.of("--env", variable.getKey() + "=" + variable.getValue()));
        }
        if (kubeconfig != null) {
            run.addAll(List.of("--volume", kubeconfig + ":/var/run/secrets/rocketexpress.io/kubeconfig:ro",
                    "--env", "KUBECONFIG=/var/run/secrets/rocketexpress.io/kubeconfig"));
        }
        for (ContainerPort port : ports()) {
            run.addAll(List.of("--publish", "127.0.0.1::" + port.getContainerPort()));
        }
        run.add(container.getImage());
        if (container.getCommand() != null && !container.getCommand().isEmpty()) {
            throw new IllegalStateException("a command override is not translated: " + container.getCommand());
        }
        if (container.getArgs() != null) {
            run.addAll(container.getArgs());
        }
        return Podman.exec(java.time.Duration.ofMinutes(2), run).orFail("podman run " + container.getImage()).out().strip();
    }

    List<ContainerPort> ports() {
        return container.getPorts() == null ? List.of() : container.getPorts();
    }

    /** A named or numbered port of this container, as a probe gives it. */
    int containerPort(io.fabric8.kubernetes.api.model.IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return ports().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no port named " + port.getStrVal()))
                .getContainerPort();
    }

    /** The user the container runs as: the container's runAsUser, else the pod's, else the image's. */
    String user() {
        SecurityContext own = container.getSecurityContext();
        PodSecurityContext shared = pod.getSecurityContext();
        Long uid = own != null && own.getRunAsUser() != null ? own.getRunAsUser()
                : shared != null ? shared.getRunAsUser() : null;
        Long gid = own != null && own.getRunAsGroup() != null ? own.getRunAsGroup()
                : shared != null ? shared.getRunAsGroup() : null;
        if (uid == null) {
            return null;
        }
        return gid == null ? uid.toString() : uid + ":" + gid;
    }

    private List<String> securityOptions() {
        SecurityContext own = container.getSecurityContext() == null ? new SecurityContext() : container.getSecurityContext();
        PodSecurityContext shared = pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();
        List<String> options = new ArrayList<>();
        String user = user();
        boolean nonRoot = Boolean.TRUE.equals(own.getRunAsNonRoot()) || Boolean.TRUE.equals(shared.getRunAsNonRoot());
        String effective = user != null ? user : Podman.inspect(container.getImage(), "{{.Config.User}}");
        if (nonRoot && !isNonRootUid(effective)) {
            // The kubelet refuses to start such a container: so does this stand-in.
            throw new IllegalStateException("runAsNonRoot, but the container would run as '" + effective + "'");
        }
        if (user != null) {
            options.addAll(List.of("--user", user));
        }
        if (Boolean.TRUE.equals(own.getReadOnlyRootFilesystem())) {
            // Only what the pod mounts is writable: podman's own tmpfs on /tmp, /var/tmp and /run stays off.
            options.addAll(List.of("--read-only", "--read-only-tmpfs=false"));
        }
        if (Boolean.FALSE.equals(own.getAllowPrivilegeEscalation())) {
            options.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        Capabilities capabilities = own.getCapabilities();
        if (capabilities != null) {
            for (String drop : Objects.requireNonNullElse(capabilities.getDrop(), List.<String>of())) {
                options.addAll(List.of("--cap-drop", drop));
            }
            for (String add : Objects.requireNonNullElse(capabilities.getAdd(), List.<String>of())) {
                options.addAll(List.of("--cap-add", add));
            }
        }
        String seccomp = own.getSeccompProfile() != null ? own.getSeccompProfile().getType()
                : shared.getSeccompProfile() != null ? shared.getSeccompProfile().getType() : "Unconfined";
        if ("Unconfined".equals(seccomp)) {
            options.addAll(List.of("--security-opt", "seccomp=unconfined"));
        } else if (!"RuntimeDefault".equals(seccomp)) {
            throw new IllegalStateException("seccomp profile " + seccomp + " is not translated");
        }
        return options;
    }

    private static boolean isNonRootUid(String user) {
        String uid = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        return uid.matches("[0-9]+") && Long.parseLong(uid) != 0;
    }

    private List<String> resourceOptions() {
        List<String> options = new ArrayList<>();
        if (container.getResources() == null || container.getResources().getLimits() == null) {
            return options;
        }
        Map<String, Quantity> limits = container.getResources().getLimits();
        if (limits.containsKey("memory")) {
            options.addAll(List.of("--memory", Quantity.getAmountInBytes(limits.get("memory")).toBigInteger() + "b"));
        }
        if (limits.containsKey("cpu")) {
            options.addAll(List.of("--cpus", Quantity.getAmountInBytes(limits.get("cpu")).toPlainString()));
        }
        return options;
    }

    private List<String> volumeOptions(Path workDirectory) {
        List<String> options = new ArrayList<>();
        List<VolumeMount> mounts = container.getVolumeMounts() == null ? List.of() : container.getVolumeMounts();
        for (VolumeMount mount : mounts) {
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no volume " + mount.getName()));
            if (volume.getEmptyDir() != null) {
                String size = volume.getEmptyDir().getSizeLimit() == null ? ""
                        : ",size=" + Quantity.getAmountInBytes(volume.getEmptyDir().getSizeLimit()).toBigInteger();
                options.addAll(List.of("--tmpfs", mount.getMountPath() + ":rw,mode=1777" + size));
            } else if (volume.getConfigMap() != null) {
                ConfigMap configMap = configMaps.apply(volume.getConfigMap().getName());
                Path directory = files(workDirectory.resolve(podName + "-configmap-" + volume.getName()), configMap.getData());
                options.addAll(List.of("--volume", directory + ":" + mount.getMountPath() + ":ro"));
            } else if (volume.getSecret() != null) {
                Path directory = files(workDirectory.resolve(podName + "-secret-" + volume.getName()),
                        secrets.apply(volume.getSecret().getSecretName()));
                options.addAll(List.of("--volume", directory + ":" + mount.getMountPath() + ":ro"));
            } else {
                throw new IllegalStateException("volume " + volume.getName() + " is of a kind not translated");
            }
        }
        return options;
    }

    private static Path files(Path directory, Map<String, String> data) {
        try {
            Files.createDirectories(directory);
            for (Map.Entry<String, String> file : data.entrySet()) {
                Files.writeString(directory.resolve(file.getKey()), file.getValue());
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The container's variables as the kubelet resolves them, then the test's. */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvVar variable : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
            environment.put(variable.getName(), value(variable));
        }
        environment.putAll(extraEnv);
        return environment;
    }

    private String value(EnvVar variable) {
        if (variable.getValueFrom() == null) {
            return Objects.requireNonNullElse(variable.getValue(), "");
        }
        EnvVarSource source = variable.getValueFrom();
        if (source.getSecretKeyRef() != null) {
            Map<String, String> secret = secrets.apply(source.getSecretKeyRef().getName());
            String value = secret.get(source.getSecretKeyRef().getKey());
            if (value == null) {
                throw new IllegalStateException("Secret " + source.getSecretKeyRef().getName() + " has no key "
                        + source.getSecretKeyRef().getKey() + " (" + variable.getName() + ")");
            }
            return value;
        }
        if (source.getFieldRef() != null) {
            return switch (source.getFieldRef().getFieldPath()) {
                case "metadata.namespace" -> namespace;
                case "metadata.name" -> podName;
                default -> throw new IllegalStateException("field " + source.getFieldRef().getFieldPath() + " is not translated");
            };
        }
        throw new IllegalStateException("env " + variable.getName() + " has a source not translated");
    }
}
