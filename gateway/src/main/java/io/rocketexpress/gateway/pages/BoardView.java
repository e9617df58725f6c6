package io.rocketexpress.gateway.pages;

import io.quarkus.qute.TemplateData;
import io.rocketexpress.gateway.config.Regions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the board's templates show: this region's departures, and the arrivals region by region. */
@TemplateData
public record BoardView(String region, String zone, List<Row> departures, List<FromRegion> arrivals) {

    /** One flight's line. */
    @TemplateData
    public record Row(String flight, String place, String code, String opens, String opensIso, String closes,
                      String closesIso, String cutoff, String cutoffIso, String phase, String phaseStyle,
                      String phaseSymbol, boolean inFlight, int progress, long liftoffMillis, long hopMillis,
                      String vehicle, int massPercent, int volumePercent) {
    }

    /** The arrivals from one region, or that they cannot be shown. */
    @TemplateData
    public record FromRegion(String region, boolean available, List<Row> rows) {
    }

    static BoardView of(Board.Content content, Regions regions, PagesConfig config, Times times, Instant now) {
        Duration hop = config.board().hop();
        List<Row> departures = content.departures().stream()
                .map(flight -> row(flight, flight.destination(), regions, hop, times, now)).toList();
        List<FromRegion> arrivals = content.arrivals().stream()
                .map(from -> new FromRegion(Places.name(from.region()), from.available(), from.flights().stream()
                        .map(flight -> row(flight, flight.origin(), regions, hop, times, now)).toList()))
                .toList();
        return new BoardView(Places.name(regions.local()), config.timeZone().getId(), departures, arrivals);
    }

    private static Row row(PublicFlight flight, String place, Regions regions, Duration hop, Times times,
                           Instant now) {
        BoardPhase phase = BoardPhase.of(flight.phase(), flight.sealed(), flight.cutoffAt(), now);
        boolean inFlight = phase == BoardPhase.IN_FLIGHT;
        long liftoff = flight.liftoffAt() == null ? now.toEpochMilli() : flight.liftoffAt().toEpochMilli();
        int progress = inFlight ? (int) Math.max(0, Math.min(100,
                (now.toEpochMilli() - liftoff) * 100 / Math.max(1, hop.toMillis()))) : 0;
        return new Row(flight.flight(), Places.name(place), regions.code(place).orElse(""),
                times.show(flight.opensAt()), Times.iso(flight.opensAt()), times.show(flight.closesAt()),
                Times.iso(flight.closesAt()), times.show(flight.cutoffAt()), Times.iso(flight.cutoffAt()),
                phase.name(), phase.style(), phase.symbol(), inFlight, progress, liftoff, hop.toMillis(),
                flight.vehicle(), percent(flight.massBooked()), percent(flight.volumeBooked()));
    }

    /** Rounded up, so a flight with anything booked never shows 0 %, and only a full one shows 100 %. */
    static int percent(double share) {
        if (share <= 0) {
            return 0;
        }
        if (share >= 1) {
            return 100;
        }
        return (int) Math.max(1, Math.min(99, Math.ceil(share * 100)));
    }
}
