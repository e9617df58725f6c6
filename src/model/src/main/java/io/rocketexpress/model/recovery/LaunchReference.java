package io.rocketexpress.model.recovery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.rocketexpress.model.RocketExpress;

/** The Launch a recovery ends, in its origin region's cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LaunchReference {

    @JsonPropertyDescription("Region the launch lifted off from; its cluster holds the Launch.")
    @Required
    @Pattern(RocketExpress.REGION_NAME_PATTERN)
    private String region;

    @JsonPropertyDescription("Namespace of the Launch in the origin region's cluster.")
    @Required
    private String namespace;

    @JsonPropertyDescription("Name of the Launch.")
    @Required
    private String name;

    @JsonPropertyDescription("UID of the Launch: a Launch of the same name created later is another launch.")
    @Required
    private String uid;

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getUid() {
        return uid;
    }

    public void setUid(String uid) {
        this.uid = uid;
    }

    /** namespace/name of the Launch, as the vehicle's arrival record names it. */
    public String key() {
        return namespace + "/" + name;
    }
}
