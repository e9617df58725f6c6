package io.rocketexpress.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.Objects;

/** Where a resource created for a Launch (a Job, a Recovery) lives: possibly in another region's cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobReference {

    @JsonPropertyDescription("Region whose cluster holds the resource.")
    private String region;

    @JsonPropertyDescription("Namespace of the resource in that cluster.")
    private String namespace;

    @JsonPropertyDescription("Name of the resource.")
    private String name;

    public JobReference() {
    }

    public JobReference(String region, String namespace, String name) {
        this.region = region;
        this.namespace = namespace;
        this.name = name;
    }

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

    @Override
    public boolean equals(Object o) {
        return o instanceof JobReference other
                && Objects.equals(region, other.region)
                && Objects.equals(namespace, other.namespace)
                && Objects.equals(name, other.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, namespace, name);
    }

    @Override
    public String toString() {
        return region + "/" + namespace + "/" + name;
    }
}
