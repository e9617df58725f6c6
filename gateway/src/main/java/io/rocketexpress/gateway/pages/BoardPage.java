package io.rocketexpress.gateway.pages;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.rocketexpress.gateway.config.Regions;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The public departures and arrivals board: the page, and its live stream of new content (Server-Sent Events
 * named {@code board}, whose data holds both lists rendered), which the page's script swaps in.
 */
@Path("/board")
public class BoardPage {

    private final Board board;
    private final Regions regions;
    private final PagesConfig config;
    private final PageLocale locales;
    private final Clock clock;
    private final ObjectMapper json;
    private final Template page;
    private final Template departures;
    private final Template arrivals;

    BoardPage(Board board, Regions regions, PagesConfig config, PageLocale locales, Clock clock, ObjectMapper json,
              @Location("pages/board.html") Template page,
              @Location("pages/board-departures.html") Template departures,
              @Location("pages/board-arrivals.html") Template arrivals) {
        this.board = board;
        this.regions = regions;
        this.config = config;
        this.locales = locales;
        this.clock = clock;
        this.json = json;
        this.page = page;
        this.departures = departures;
        this.arrivals = arrivals;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<String> show(@HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        Locale locale = locales.pick(acceptLanguage);
        return board.now().flatMap(content -> render(page, content, locale).createUni());
    }

    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(hidden = true)
    public Multi<OutboundSseEvent> events(@HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage,
                                          @Context Sse sse) {
        Locale locale = locales.pick(acceptLanguage);
        Multi<OutboundSseEvent> contents = board.live()
                .onItem().transformToUniAndConcatenate(content -> render(departures, content, locale).createUni()
                        .flatMap(departing -> render(arrivals, content, locale).createUni()
                                .map(arriving -> sse.newEventBuilder().name("board")
                                        .data(String.class, fragments(departing, arriving)).build())));
        Multi<OutboundSseEvent> heartbeats = Multi.createFrom().ticks().every(config.board().heartbeat())
                .onOverflow().drop()
                .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
        return Multi.createBy().merging().streams(contents, heartbeats);
    }

    private TemplateInstance render(Template template, Board.Content content, Locale locale) {
        Instant now = clock.instant();
        BoardView view = BoardView.of(content, regions, config, new Times(config.timeZone(), locale, now), now);
        TemplateInstance instance = template.data("board", view).data("lang", locale.toLanguageTag());
        instance.setLocale(locale);
        return instance;
    }

    private String fragments(String departing, String arriving) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("departures", departing);
        parts.put("arrivals", arriving);
        try {
            return json.writeValueAsString(parts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
