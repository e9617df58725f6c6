package io.rocketexpress.helm;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The images profile of the build publishes every image the chart makes the cluster pull, under the names it uses. */
class ImagesTest {

    @Test
    void simulatorIsPushedLikeTheAppsAndNotOnlyWrittenToATarball() throws Exception {
        Element profile = imagesProfile(Chart.root().resolve("src/simulator/pom.xml"));
        assertThat(text(profile, "to", "image"))
                .isEqualTo("${image.registry}/${image.group}/rocket-express-simulator:${image.tag}");
        List<String> goals = new ArrayList<>();
        NodeList executions = profile.getElementsByTagName("execution");
        for (int i = 0; i < executions.getLength(); i++) {
            Element execution = (Element) executions.item(i);
            String goal = text(execution, "goals", "goal");
            String skip = text(execution, "configuration", "skip");
            goals.add(goal + " skip=" + skip);
        }
        // Pushed to the registry by default, into a local Docker with -Dimage.push=false, as Quarkus does for the apps.
        assertThat(goals).containsExactlyInAnyOrder("build skip=${simulator.skip-push}",
                "dockerBuild skip=${simulator.skip-docker}");
        assertThat(goals).noneMatch(goal -> goal.startsWith("buildTar"));
        String pom = Files.readString(Chart.root().resolve("src/simulator/pom.xml"));
        assertThat(pom).contains("<simulator.skip-push>false</simulator.skip-push>",
                "<simulator.skip-docker>true</simulator.skip-docker>");
        assertThat(Files.readString(Chart.root().resolve("pom.xml"))).contains("<image.push>true</image.push>");
    }

    @Test
    void appsAreBuiltUnderTheNamesTheChartPulls() throws Exception {
        assertThat(property(imagesProfile(Chart.root().resolve("gateway/pom.xml")), "quarkus.container-image.name"))
                .isEqualTo("rocket-express-gateway");
        assertThat(property(imagesProfile(Chart.root().resolve("operator/pom.xml")), "quarkus.container-image.name"))
                .isEqualTo("rocket-express-operator");
        String values = Files.readString(Chart.directory().resolve("values.yaml"));
        assertThat(values).contains("name: rocket-express-gateway", "name: rocket-express-operator",
                "name: rocket-express-simulator");
    }

    @Test
    void operatorStartsItsJobsWithTheSimulatorImageTheValuesName(@org.junit.jupiter.api.io.TempDir Path dir) {
        Properties operator = Chart.render(Chart.writeValues(dir, """
                image:
                  registry: registry.example.com
                  group: rocketexpress
                  tag: 1.0.0
                """)).applicationProperties("rocket-express-operator");
        assertThat(operator.getProperty("rocketexpress.jobs.flight.image"))
                .isEqualTo(operator.getProperty("rocketexpress.jobs.recovery.image"))
                .isEqualTo("registry.example.com/rocketexpress/rocket-express-simulator:1.0.0");

        Properties own = Chart.render(Chart.writeValues(dir, """
                jobs:
                  image:
                    name: barge-sim
                    tag: "2"
                  flight:
                    image: registry.example.com/acme/vehicle-controller:7
                """)).applicationProperties("rocket-express-operator");
        assertThat(own.getProperty("rocketexpress.jobs.flight.image")).isEqualTo("registry.example.com/acme/vehicle-controller:7");
        assertThat(own.getProperty("rocketexpress.jobs.recovery.image")).isEqualTo("ghcr.io/rocketexpress/barge-sim:2");
    }

    private static Element imagesProfile(Path pom) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
        NodeList profiles = document.getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if ("images".equals(text(profile, "id"))) {
                return profile;
            }
        }
        throw new AssertionError("no images profile in " + pom);
    }

    private static String property(Element profile, String name) {
        return text(profile, "properties", name);
    }

    /** The text of the first element at this path of child names. */
    private static String text(Element element, String... path) {
        Node node = element;
        for (String name : path) {
            Node found = null;
            NodeList children = node.getChildNodes();
            for (int i = 0; i < children.getLength() && found == null; i++) {
                if (name.equals(children.item(i).getNodeName())) {
                    found = children.item(i);
                }
            }
            if (found == null) {
                NodeList deep = ((Element) node).getElementsByTagName(name);
                found = deep.getLength() == 0 ? null : deep.item(0);
            }
            if (found == null) {
                return null;
            }
            node = found;
        }
        return node.getTextContent().trim();
    }
}
