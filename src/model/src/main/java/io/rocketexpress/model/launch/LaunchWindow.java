package io.rocketexpress.model.launch;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.rocketexpress.model.RocketExpress;

import java.time.Instant;
import java.time.OffsetDateTime;

/** The period in which the vehicle may lift off. */
@ValidationRule(value = "timestamp(self.closesAt) > timestamp(self.opensAt)",
        message = "window.closesAt must be after window.opensAt",
        reason = "FieldValueInvalid")
public class LaunchWindow {

    @JsonPropertyDescription("Earliest liftoff time (RFC 3339). The vehicle-controller Job starts then, if the manifest is sealed.")
    @Required
    @Pattern(RocketExpress.TIMESTAMP_PATTERN)
    private String opensAt;

    @JsonPropertyDescription("Latest liftoff time (RFC 3339), after opensAt. Without a sealed manifest by then the launch is scrubbed.")
    @Required
    @Pattern(RocketExpress.TIMESTAMP_PATTERN)
    private String closesAt;

    public LaunchWindow() {
    }

    public LaunchWindow(String opensAt, String closesAt) {
        this.opensAt = opensAt;
        this.closesAt = closesAt;
    }

    public String getOpensAt() {
        return opensAt;
    }

    public void setOpensAt(String opensAt) {
        this.opensAt = opensAt;
    }

    public String getClosesAt() {
        return closesAt;
    }

    public void setClosesAt(String closesAt) {
        this.closesAt = closesAt;
    }

    /** {@code opensAt} as a time. */
    public OffsetDateTime opens() {
        return OffsetDateTime.parse(opensAt);
    }

    /**
     * {@code opensAt} as an instant, parsed once for this value: an operator compares the windows of thousands of
     * waiting launches each time a vehicle frees, on the same objects of its cache.
     */
    public Instant opensInstant() {
        Parsed parsed = opensParsed;
        if (parsed == null || !parsed.text().equals(opensAt)) {
            parsed = new Parsed(opensAt, OffsetDateTime.parse(opensAt).toInstant());
            opensParsed = parsed;
        }
        return parsed.instant();
    }

    /** A timestamp and what it says; never serialised. */
    private record Parsed(String text, Instant instant) {
    }

    private transient Parsed opensParsed;

    /** {@code closesAt} as a time. */
    public OffsetDateTime closes() {
        return OffsetDateTime.parse(closesAt);
    }
}
