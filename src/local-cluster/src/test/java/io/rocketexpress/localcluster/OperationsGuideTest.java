package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs every kubectl line of the operations guide, in its order, with the real kubectl against two local
 * clusters set up as the sandbox sets them up (hangzhou, the current context, and dubai), and checks what they
 * print against what the guide shows. The test plays the operator's part where a line reads what the operator
 * writes (a launch's conditions, a moved vehicle's annotation). Skipped where kubectl is not installed.
 */
class OperationsGuideTest {

    private static final Path GUIDE = Path.of("../../src/docs/operations.md");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/apis/rocketexpress.io/v1alpha1/namespaces/rocket-express";
    private static final Pattern WAIT = Pattern.compile("--for=condition=(\\w+) (\\w+)/([\\w-]+)");
    private static final Map<String, String> PLURALS = Map.of("launch", "launches", "recovery", "recoveries",
            "vehicle", "vehicles");

    private static LocalCluster hangzhou;
    private static LocalCluster dubai;

    /** A fenced block of the guide: its language and lines. */
    record Block(String language, List<String> lines) {
    }

    @BeforeAll
    static void start() {
        hangzhou = new LocalCluster();
        dubai = new LocalCluster();
    }

    @AfterAll
    static void stop() {
        hangzhou.close();
        dubai.close();
    }

    @Test
    void everyKubectlLineOfTheGuideWorksAndPrintsWhatTheGuideShows(@TempDir Path workspace) throws Exception {
        KubectlBinary.forCluster(hangzhou, "rocket-express"); // skips the test where kubectl is not installed
        Path kubeconfig = workspace.resolve("kubeconfig.yaml");
        Files.writeString(kubeconfig, kubeconfig());
        Files.writeString(workspace.resolve("dubai-kubeconfig.yaml"), dubai.kubeconfig("rocket-express"));
        seedWhatTheOperatorWouldHaveWritten();

        List<Block> blocks = blocks(Files.readAllLines(GUIDE, StandardCharsets.UTF_8));
        List<String> ran = new ArrayList<>();
        String lastYaml = null;
        for (Block block : blocks) {
            if ("yaml".equals(block.language())) {
                lastYaml = String.join("\n", block.lines());
                continue;
            }
            if (!block.language().isEmpty()) {
                continue;
            }
            for (int i = 0; i < block.lines().size(); i++) {
                String line = block.lines().get(i);
                if (!line.startsWith("kubectl ")) {
                    continue;
                }
                List<String> shown = new ArrayList<>();
                for (int j = i + 1; j < block.lines().size() && !block.lines().get(j).startsWith("kubectl "); j++) {
                    shown.add(block.lines().get(j));
                }
                String file = fileApplied(line);
                if (file != null) {
                    assertThat(lastYaml).as("the manifest shown before " + line).isNotNull();
                    Files.writeString(workspace.resolve(file), lastYaml);
                }
                check(line, shown, workspace, kubeconfig);
                ran.add(line);
            }
        }
        assertThat(ran).hasSizeGreaterThanOrEqualTo(10);
    }

    private void check(String line, List<String> shown, Path workspace, Path kubeconfig) throws Exception {
        if (line.startsWith("kubectl wait ")) {
            // The guide waits for a condition still to come: it comes true here once the wait has begun.
            Matcher waited = WAIT.matcher(line);
            assertThat(waited.find()).as("what " + line + " waits for").isTrue();
            String condition = waited.group(1);
            String resource = PLURALS.get(waited.group(2));
            CompletableFuture<String[]> waiting = CompletableFuture.supplyAsync(() -> run(line, workspace, kubeconfig));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> !waiting.isDone());
            assertThat(new Kubectl(hangzhou).mergePatch(API + "/" + resource + "/" + waited.group(3) + "/status", """
                    {"status":{"conditions":[{"type":"%s","status":"True","reason":"Done",
                     "message":"as the guide expects","lastTransitionTime":"2026-12-02T15:00:00Z"}]}}"""
                    .formatted(condition)).statusCode()).isLessThan(300);
            String[] result = waiting.get(60, TimeUnit.SECONDS);
            assertThat(result[0]).as(line + "\n" + result[2]).isEqualTo("0");
            assertThat(result[1]).contains("condition met");
            return;
        }
        String[] result = run(line, workspace, kubeconfig);
        assertThat(result[0]).as(line + "\n" + result[1] + result[2]).isEqualTo("0");
        String out = result[1];
        List<String> sample = shown.stream().filter(s -> !s.isBlank() && !s.startsWith("#")).toList();
        if (!sample.isEmpty()) {
            // the guide's sample output: the header must be the one kubectl prints
            assertThat(words(out.lines().findFirst().orElse(""))).as(line).isEqualTo(words(sample.get(0)));
        }
        List<String> comments = shown.stream().filter(s -> s.startsWith("# {")).toList();
        if (!comments.isEmpty()) {
            JsonNode printed = JSON.readTree(out);
            JsonNode documented = JSON.readTree(comments.get(0).substring(2).replace("\"...\"", "\"\""));
            documented.fieldNames().forEachRemaining(field -> assertThat(printed.has(field)).as(line + " prints " + field).isTrue());
        }
    }

    /** Writes what the guide's lines read but only the operator writes: status, events' subjects, a moved vehicle. */
    private static void seedWhatTheOperatorWouldHaveWritten() {
        Kubectl here = new Kubectl(hangzhou);
        for (String vehicle : List.of("xzy-1-002", "xzy-1-003", "xzy-1-004")) {
            new Kubectl.Created(here.post(API + "/vehicles", """
                    {"apiVersion":"rocketexpress.io/v1alpha1","kind":"Vehicle","metadata":{"name":"%s"},
                     "spec":{"homeRegion":"hangzhou"}}""".formatted(vehicle)));
        }
        here.mergePatch(API + "/vehicles/xzy-1-004", "{\"metadata\":{\"annotations\":{\"rocketexpress.io/mission-failure\":\"rocket-express/hgh-dxb-0700\"}}}");
        new Kubectl.Created(here.post(API + "/launches", ValidationTest.launch("hgh-lgg-1400", "hangzhou", "liege",
                "2026-12-02T14:00:00Z", "2026-12-02T14:30:00Z")));
        here.mergePatch(API + "/launches/hgh-lgg-1400/status", "{\"status\":{\"phase\":\"Scheduled\",\"vehicle\":\"xzy-1-003\"}}");
        // Recoveries handed over to Hangzhou by the regions the rockets flew from.
        for (String[] recovery : new String[][] {{"lgg-hgh-0900", "Recovering"}, {"dxb-hgh-0600", "Recovered"}}) {
            hangzhou.client().resource(AccessControlTest.recovery(recovery[0])).inNamespace("rocket-express").create();
            here.mergePatch(API + "/recoveries/" + recovery[0] + "/status",
                    "{\"status\":{\"phase\":\"" + recovery[1] + "\"}}");
        }
        new Kubectl.Created(new Kubectl(dubai).post(API + "/vehicles", """
                {"apiVersion":"rocketexpress.io/v1alpha1","kind":"Vehicle","metadata":{"name":"xzy-1-001","annotations":{
                 "rocketexpress.io/arrival":"{\\"launch\\":\\"rocket-express/hgh-dxb-0800\\",\\"from\\":\\"hangzhou\\",\\"region\\":\\"dubai\\",\\"flights\\":3,\\"availableAt\\":\\"2026-12-02T03:00:00Z\\"}"}},
                 "spec":{"homeRegion":"hangzhou"}}"""));
    }

    /** exit code, standard output, standard error */
    private static String[] run(String line, Path workspace, Path kubeconfig) {
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", line).directory(workspace.toFile());
            builder.environment().put("KUBECONFIG", kubeconfig.toString());
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return new String[] {String.valueOf(process.exitValue()), out, new String(err.join(), StandardCharsets.UTF_8)};
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String fileApplied(String line) {
        String[] words = line.split("\\s+");
        for (int i = 0; i < words.length - 1; i++) {
            if ("-f".equals(words[i]) && words[i + 1].endsWith(".yaml")) {
                return words[i + 1];
            }
        }
        return null;
    }

    private static List<String> words(String line) {
        return Arrays.stream(line.trim().split("\\s+")).toList();
    }

    private static List<Block> blocks(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        String language = null;
        List<String> current = null;
        for (String line : lines) {
            if (line.startsWith("```")) {
                if (current == null) {
                    language = line.substring(3).trim();
                    current = new ArrayList<>();
                } else {
                    blocks.add(new Block(language, current));
                    current = null;
                }
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    private static String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: hangzhou
                  cluster:
                    server: %s
                - name: dubai
                  cluster:
                    server: %s
                contexts:
                - name: hangzhou
                  context: {cluster: hangzhou, user: platform, namespace: rocket-express}
                - name: dubai
                  context: {cluster: dubai, user: platform, namespace: rocket-express}
                current-context: hangzhou
                users:
                - name: platform
                  user:
                    token: local
                """.formatted(hangzhou.client().getMasterUrl(), dubai.client().getMasterUrl());
    }
}
