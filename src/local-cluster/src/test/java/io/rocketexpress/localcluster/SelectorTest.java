package io.rocketexpress.localcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectorTest {

    private static final JsonNode HANGZHOU_VEHICLE = json("""
            {"metadata":{"name":"xzy-1-001","namespace":"rocket-express",
             "labels":{"rocketexpress.io/home-region":"hangzhou","tier":"heavy"}}}""");

    @Test
    void equalityRequirementsOfEverySpelling() {
        assertThat(Selector.of("rocketexpress.io/home-region=hangzhou", null).matches(HANGZHOU_VEHICLE)).isTrue();
        assertThat(Selector.of("rocketexpress.io/home-region==hangzhou", null).matches(HANGZHOU_VEHICLE)).isTrue();
        assertThat(Selector.of("rocketexpress.io/home-region!=hangzhou", null).matches(HANGZHOU_VEHICLE)).isFalse();
        assertThat(Selector.of("rocketexpress.io/home-region!=dubai", null).matches(HANGZHOU_VEHICLE)).isTrue();
        assertThat(Selector.of("missing!=x", null).matches(HANGZHOU_VEHICLE)).isTrue();
    }

    @Test
    void setAndExistenceRequirements() {
        assertThat(Selector.of("rocketexpress.io/home-region in (dubai, hangzhou)", null).matches(HANGZHOU_VEHICLE)).isTrue();
        assertThat(Selector.of("rocketexpress.io/home-region notin (dubai,hangzhou)", null).matches(HANGZHOU_VEHICLE)).isFalse();
        assertThat(Selector.of("tier", null).matches(HANGZHOU_VEHICLE)).isTrue();
        assertThat(Selector.of("!tier", null).matches(HANGZHOU_VEHICLE)).isFalse();
        assertThat(Selector.of("tier,rocketexpress.io/home-region in (dubai,liege)", null).matches(HANGZHOU_VEHICLE)).isFalse();
    }

    @Test
    void nameAndNamespaceFields() {
        assertThat(Selector.of(null, "metadata.name=xzy-1-001,metadata.namespace=rocket-express").matches(HANGZHOU_VEHICLE)).isTrue();
        assertThat(Selector.of(null, "metadata.name!=xzy-1-001").matches(HANGZHOU_VEHICLE)).isFalse();
        assertThat(Selector.of("", "").selectsAll()).isTrue();
    }

    @Test
    void otherFieldsAndMalformedLabelsAreRefusedAsTheApiServerDoes() {
        assertThatThrownBy(() -> Selector.of(null, "status.phase=Available"))
                .isInstanceOf(Selector.Invalid.class).hasMessage("field label not supported: status.phase");
        assertThatThrownBy(() -> Selector.of("a b c", null)).isInstanceOf(Selector.Invalid.class);
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
