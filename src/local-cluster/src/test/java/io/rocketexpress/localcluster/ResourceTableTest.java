package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceTableTest {

    private static final Clock NOON = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void aVersionWithoutPrinterColumnsShowsNameAndAge() throws Exception {
        CustomResourceDefinitionVersion plain = new CustomResourceDefinitionVersionBuilder()
                .withName("v1").withServed(true).build();

        JsonNode table = render(plain, """
                {"kind":"List","items":[{"metadata":{"name":"a","creationTimestamp":"2026-12-01T09:40:00Z"}}]}""");

        assertThat(table.path("columnDefinitions").get(1).path("name").asText()).isEqualTo("Age");
        assertThat(table.path("rows").get(0).path("cells").toString()).isEqualTo("[\"a\",\"140m\"]");
    }

    @Test
    void cellsAreTypedByTheirColumnAndEmptyWhenTheValueDoesNotFit() throws Exception {
        CustomResourceDefinitionVersion typed = new CustomResourceDefinitionVersionBuilder()
                .withName("v1").withServed(true)
                .addNewAdditionalPrinterColumn().withName("Count").withType("integer").withJsonPath(".spec.count")
                .withPriority(1).endAdditionalPrinterColumn()
                .addNewAdditionalPrinterColumn().withName("Ratio").withType("number").withJsonPath(".spec.ratio")
                .endAdditionalPrinterColumn()
                .addNewAdditionalPrinterColumn().withName("On").withType("boolean").withJsonPath(".spec.on")
                .endAdditionalPrinterColumn()
                .addNewAdditionalPrinterColumn().withName("Tags").withType("string").withJsonPath(".spec.tags")
                .endAdditionalPrinterColumn()
                .addNewAdditionalPrinterColumn().withName("Wrong").withType("integer").withJsonPath(".spec.on")
                .endAdditionalPrinterColumn()
                .addNewAdditionalPrinterColumn().withName("Since").withType("date").withJsonPath(".spec.since")
                .endAdditionalPrinterColumn()
                .build();

        JsonNode table = render(typed, """
                {"metadata":{"name":"b","resourceVersion":"7"},
                 "spec":{"count":4,"ratio":0.5,"on":true,"tags":["x","y"],"since":"2026-11-28T08:00:00Z"}}""");

        assertThat(table.path("metadata").path("resourceVersion").asText()).isEqualTo("7");
        assertThat(table.path("columnDefinitions").get(1).path("priority").asInt()).isEqualTo(1);
        assertThat(table.path("rows").get(0).path("cells").toString())
                .isEqualTo("[\"b\",4,0.5,true,\"[\\\"x\\\",\\\"y\\\"]\",null,\"3d4h\"]");
    }

    private static JsonNode render(CustomResourceDefinitionVersion version, String stored) throws Exception {
        return new ObjectMapper().readTree(ResourceTable.of(version, NOON).render(stored, null));
    }
}
