package io.rocketexpress.model.recovery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** What the landed vehicle carries, for the destination's hub to expect. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManifestSummary {

    @JsonPropertyDescription("Identifier of the sealed manifest in the origin gateway's records; passed to the barge-recovery Job as MANIFEST_ID.")
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
