package io.rocketexpress.gateway.common;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The partner API as its OpenAPI document (/q/openapi) and Swagger UI (/q/swagger-ui) present it. */
@OpenAPIDefinition(
        info = @Info(title = "Rocket Express partner API", version = "v1",
                description = "Quote, book, cancel and track parcels on the Rocket Express cargo rocket network. "
                        + "Every error is an RFC 9457 problem (application/problem+json) whose type is documented "
                        + "in the partner guide."),
        tags = {
                @Tag(name = "Quotes", description = "Prices and the next flights with room"),
                @Tag(name = "Bookings", description = "Parcels booked onto flights"),
                @Tag(name = "Flights", description = "The schedule with remaining capacity"),
                @Tag(name = "Tracking", description = "Where a parcel is; last-mile reports")})
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "Your API key: 'Authorization: Bearer rx_...'. The admin API takes the admin key.")
public class PartnerApi extends Application {
}
