package io.rocketexpress.containers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes one CycloneDX SBOM per image: the application's own BOM (its Maven dependencies, made by the
 * cyclonedx-maven-plugin at package) with the image as its subject and every Debian package of the offline base
 * added, so the SBOM lists all that the image holds.
 *
 * <p>Arguments: the checkout's root, the base's package list (name, version, architecture per line), the output
 * directory, the images' prefix (registry/group) and their tag.
 */
public final class ImageSboms {

    /** Each image's name and where its application's BOM is written. */
    static final Map<String, String> IMAGES = Map.of(
            "rocket-express-gateway", "gateway/target/bom.json",
            "rocket-express-operator", "operator/target/bom.json",
            "rocket-express-simulator", "src/simulator/target/bom.json");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ImageSboms() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            throw new IllegalArgumentException("usage: ImageSboms ROOT BASE_PACKAGES OUTPUT PREFIX TAG");
        }
        Path root = Path.of(args[0]);
        List<String> basePackages = Files.readAllLines(Path.of(args[1]));
        Path output = Files.createDirectories(Path.of(args[2]));
        for (Map.Entry<String, String> image : IMAGES.entrySet()) {
            Path applicationBom = root.resolve(image.getValue());
            if (!Files.exists(applicationBom)) {
                throw new IllegalStateException("no application SBOM at " + applicationBom
                        + ": the image modules write it at package (cyclonedx-maven-plugin, which skips itself when Maven runs offline)");
            }
            ObjectNode bom = (ObjectNode) JSON.readTree(applicationBom.toFile());
            String reference = args[3] + "/" + image.getKey() + ":" + args[4];
            imageSubject(bom, image.getKey(), reference, args[4]);
            addBase(bom, basePackages);
            JSON.writeValue(output.resolve(image.getKey() + ".cdx.json").toFile(), bom);
        }
    }

    /** The image becomes what the SBOM describes; the application it held so far becomes one of its components. */
    private static void imageSubject(ObjectNode bom, String name, String reference, String tag) {
        ObjectNode metadata = bom.has("metadata") ? (ObjectNode) bom.get("metadata") : bom.putObject("metadata");
        ObjectNode application = (ObjectNode) metadata.get("component");
        ObjectNode subject = JSON.createObjectNode();
        subject.put("type", "container");
        subject.put("bom-ref", reference);
        subject.put("name", name);
        subject.put("version", tag);
        subject.put("purl", "pkg:oci/" + name + "@" + tag + "?repository_url=" + reference.substring(0, reference.lastIndexOf(':')));
        metadata.set("component", subject);
        if (application != null) {
            components(bom).add(application);
        }
    }

    private static void addBase(ObjectNode bom, List<String> packages) {
        ArrayNode components = components(bom);
        for (String line : packages) {
            String[] fields = line.split("\t");
            if (fields.length != 3) {
                continue;
            }
            ObjectNode component = components.addObject();
            String purl = "pkg:deb/debian/" + fields[0] + "@" + fields[1] + "?arch=" + fields[2];
            component.put("type", fields[0].startsWith("openjdk-") ? "framework" : "library");
            component.put("bom-ref", purl);
            component.put("name", fields[0]);
            component.put("version", fields[1]);
            component.put("purl", purl);
        }
    }

    private static ArrayNode components(ObjectNode bom) {
        return bom.has("components") ? (ArrayNode) bom.get("components") : bom.putArray("components");
    }
}
