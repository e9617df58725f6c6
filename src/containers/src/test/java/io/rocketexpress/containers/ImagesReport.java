package io.rocketexpress.containers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The images' sizes and the measured start times, as target/images/report.json and a table on the console. */
final class ImagesReport {

    static final List<String> IMAGES = List.of("rocket-express-gateway", "rocket-express-operator", "rocket-express-simulator");

    private ImagesReport() {
    }

    static void write(Path directory, String prefix, String tag, Map<String, Object> timings) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode report = json.createObjectNode();
        ObjectNode sizes = report.putObject("image_size_mb");
        StringBuilder table = new StringBuilder("\n  image                      size (MB, uncompressed)\n");
        for (String image : IMAGES) {
            long bytes = Long.parseLong(Podman.inspect(prefix + "/" + image + ":" + tag, "{{.Size}}"));
            double megabytes = Math.round(bytes / 100_000.0) / 10.0;
            sizes.put(image, megabytes);
            table.append("  %-26s %8.1f%n".formatted(image, megabytes));
        }
        long base = Long.parseLong(Podman.inspect("localhost/rocket-express-base:" + baseSuite(), "{{.Size}}"));
        sizes.put("base", Math.round(base / 100_000.0) / 10.0);
        table.append("  %-26s %8.1f%n".formatted("(offline base)", Math.round(base / 100_000.0) / 10.0));
        ObjectNode times = report.putObject("start_s");
        timings.forEach((name, value) -> {
            times.putPOJO(name, value);
            table.append("  %-26s %8s s%n".formatted(name, value));
        });
        Files.createDirectories(directory);
        json.writeValue(directory.resolve("report.json").toFile(), report);
        System.out.println(table);
    }

    private static String baseSuite() {
        String ids = Podman.exec("images", "--format", "{{.Tag}}", "localhost/rocket-express-base").orFail("podman images").out();
        return ids.lines().filter(line -> !line.isBlank()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no offline base image in podman"));
    }
}
