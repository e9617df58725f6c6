package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonPathTest {

    private static final JsonNode VEHICLE = read("""
            {"metadata":{"name":"xzy-1-001"},
             "status":{"phase":"Available","flights":3,
                       "conditions":[{"type":"Reserved","status":"False"},{"type":"Ready","status":"True"}]}}""");

    @Test
    void fieldsReachNestedValues() {
        assertThat(JsonPath.parse(".status.phase").first(VEHICLE).asText()).isEqualTo("Available");
        assertThat(JsonPath.parse("{.metadata.name}").first(VEHICLE).asText()).isEqualTo("xzy-1-001");
        assertThat(JsonPath.parse(".status.flights").first(VEHICLE).asInt()).isEqualTo(3);
    }

    @Test
    void filtersPickTheMatchingElement() {
        assertThat(JsonPath.parse(".status.conditions[?(@.type==\"Ready\")].status").first(VEHICLE).asText())
                .isEqualTo("True");
        assertThat(JsonPath.parse(".status.conditions[?(@.type=='Reserved')].status").first(VEHICLE).asText())
                .isEqualTo("False");
        assertThat(JsonPath.parse(".status.conditions[?(@.type!=\"Reserved\")].type").first(VEHICLE).asText())
                .isEqualTo("Ready");
    }

    @Test
    void indexesAndWildcardsWalkArrays() {
        assertThat(JsonPath.parse(".status.conditions[1].type").first(VEHICLE).asText()).isEqualTo("Ready");
        assertThat(JsonPath.parse(".status.conditions[*].type").first(VEHICLE).asText()).isEqualTo("Reserved");
    }

    @Test
    void whatIsAbsentOrBeyondThisSubsetFindsNothing() {
        assertThat(JsonPath.parse(".status.vehicle").first(VEHICLE)).isNull();
        assertThat(JsonPath.parse(".status.conditions[?(@.type==\"Gone\")].status").first(VEHICLE)).isNull();
        assertThat(JsonPath.parse(".status.conditions[5]").first(VEHICLE)).isNull();
        assertThat(JsonPath.parse(".status..phase")).isNull();
        assertThat(JsonPath.parse(".status.conditions[0:1]")).isNull();
    }

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
