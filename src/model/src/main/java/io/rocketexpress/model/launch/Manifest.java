package io.rocketexpress.model.launch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** The cargo of a Launch, frozen by the gateway at the sales cutoff. Written by the gateway only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Manifest {

    @JsonPropertyDescription("True once the gateway froze the cargo list; the launch flies only with a sealed manifest.")
    @Default("false")
    private Boolean sealed = false;

    @JsonPropertyDescription("Identifier of the sealed manifest in the gateway's records; passed to the vehicle controller as MANIFEST_ID.")
    private String id;

    @JsonPropertyDescription("Number of parcels on board.")
    @Min(0)
    private Integer parcels;

    @JsonPropertyDescription("Total mass of the parcels, in kilograms.")
    @Min(0)
    private Double massKg;

    @JsonPropertyDescription("Total volume of the parcels, in cubic metres.")
    @Min(0)
    private Double volumeM3;

    public Boolean getSealed() {
        return sealed;
    }

    public void setSealed(Boolean sealed) {
        this.sealed = sealed;
    }

    /** True when the gateway sealed this manifest. */
    public boolean sealed() {
        return Boolean.TRUE.equals(sealed);
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public Integer getParcels() {
        return parcels;
    }

    public void setParcels(Integer parcels) {
        this.parcels = parcels;
    }

    public Double getMassKg() {
        return massKg;
    }

    public void setMassKg(Double massKg) {
        this.massKg = massKg;
    }

    public Double getVolumeM3() {
        return volumeM3;
    }

    public void setVolumeM3(Double volumeM3) {
        this.volumeM3 = volumeM3;
    }
}
