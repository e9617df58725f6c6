package io.rocketexpress.gateway.pages;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.rocketexpress.gateway.problem.ProblemException;
import io.rocketexpress.gateway.problem.ProblemType;
import io.rocketexpress.gateway.tracking.EventRelay;
import io.rocketexpress.model.tracking.InvalidTrackingNumberException;
import io.rocketexpress.model.tracking.TrackingNumber;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Public parcel tracking: a form for the number, and the parcel's journey as a timeline that follows the parcel
 * while the page is open (Server-Sent Events named {@code parcel}, whose data holds the timeline rendered, then
 * {@code end}). Nothing of the partner, the recipient, the proof of delivery or the booking is ever shown.
 */
@Path("/track")
public class TrackPage {

    private static final Logger LOG = Logger.getLogger(TrackPage.class);

    private final PublicTracking tracking;
    private final PagesConfig config;
    private final PageLocale locales;
    private final Clock clock;
    private final ObjectMapper json;
    private final Template page;
    private final Template journey;

    TrackPage(PublicTracking tracking, PagesConfig config, PageLocale locales, Clock clock, ObjectMapper json,
              @Location("pages/track.html") Template page, @Location("pages/track-journey.html") Template journey) {
        this.tracking = tracking;
        this.config = config;
        this.locales = locales;
        this.clock = clock;
        this.json = json;
        this.page = page;
        this.journey = journey;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<RestResponse<String>> form(@QueryParam("number") String typed,
                                          @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        Locale locale = locales.pick(acceptLanguage);
        if (!tracking.enabled()) {
            return show(200, new TrackView(null, "off", null), locale);
        }
        if (typed == null || typed.isBlank()) {
            return show(200, new TrackView(null, null, null), locale);
        }
        try {
            TrackingNumber number = TrackingNumber.parse(typed);
            return Uni.createFrom().item(RestResponse.seeOther(URI.create("/track/" + number)));
        } catch (InvalidTrackingNumberException typo) {
            return show(400, new TrackView(typed, "typo", null), locale);
        }
    }

    @GET
    @Path("/{number}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<RestResponse<String>> parcel(@PathParam("number") String typed,
                                            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        Locale locale = locales.pick(acceptLanguage);
        if (!tracking.enabled()) {
            return show(404, new TrackView(null, "off", null), locale);
        }
        TrackingNumber number;
        try {
            number = TrackingNumber.parse(typed);
        } catch (InvalidTrackingNumberException typo) {
            return show(400, new TrackView(typed, "typo", null), locale);
        }
        return tracking.find(number)
                .flatMap(found -> found.isPresent()
                        ? show(200, new TrackView(number.toString(), null, journey(found.get(), locale)), locale)
                        : show(404, new TrackView(number.toString(), "not-found", null), locale))
                .onFailure().recoverWithUni(failure -> {
                    LOG.debugf("parcel %s cannot be shown: %s", number, failure.getMessage());
                    return show(503, new TrackView(number.toString(), "unavailable", null), locale);
                });
    }

    @GET
    @Path("/{number}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(hidden = true)
    public Uni<Void> follow(@PathParam("number") String typed,
                            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
                            @Context SseEventSink sink, @Context Sse sse) {
        Locale locale = locales.pick(acceptLanguage);
        if (!tracking.enabled()) {
            throw ProblemException.notFound("public tracking is off in this region");
        }
        TrackingNumber number;
        try {
            number = TrackingNumber.parse(typed);
        } catch (InvalidTrackingNumberException typo) {
            throw new ProblemException(ProblemType.INVALID_TRACKING_NUMBER, typo.getMessage());
        }
        Uni<Multi<OutboundSseEvent>> events = tracking.follow(number)
                .onFailure().transform(failure -> new ProblemException(ProblemType.UNAVAILABLE,
                        "the parcel's region cannot be asked just now", List.of(), Duration.ofSeconds(30)))
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("no public parcel " + number)))
                .map(updates -> Multi.createBy().concatenating().streams(
                        updates.onItem().transformToUniAndConcatenate(update -> update.isEmpty()
                                ? Uni.createFrom().item(sse.newEventBuilder().comment("heartbeat").build())
                                : render(journey, new TrackView(number.toString(), null,
                                        journey(update.get(), locale)), locale).createUni()
                                        .map(html -> sse.newEventBuilder().name("parcel")
                                                .data(String.class, fragment(html)).build())),
                        Multi.createFrom().item(() -> sse.newEventBuilder().name("end").data(String.class, "{}")
                                .build())));
        return EventRelay.relay(events, sink, sse);
    }

    private TrackView.Journey journey(PublicParcel parcel, Locale locale) {
        return TrackView.journey(parcel, new Times(config.timeZone(), locale, clock.instant()));
    }

    private Uni<RestResponse<String>> show(int status, TrackView view, Locale locale) {
        return render(page, view, locale).createUni()
                .map(html -> RestResponse.ResponseBuilder.<String>create(status).entity(html)
                        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build());
    }

    private TemplateInstance render(Template template, TrackView view, Locale locale) {
        TemplateInstance instance = template.data("track", view).data("lang", locale.toLanguageTag())
                .data("zone", config.timeZone().getId());
        instance.setLocale(locale);
        return instance;
    }

    private String fragment(String html) {
        try {
            return json.writeValueAsString(Map.of("html", html));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
