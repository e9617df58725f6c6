package io.rocketexpress.gateway.pages;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as the pages show them: the time of day, with the date when it is not today, in the pages' zone. */
final class Times {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final ZoneId zone;
    private final Locale locale;
    private final LocalDate today;

    Times(ZoneId zone, Locale locale, Instant now) {
        this.zone = zone;
        this.locale = locale;
        this.today = now.atZone(zone).toLocalDate();
    }

    String show(Instant at) {
        if (at == null) {
            return "";
        }
        ZonedDateTime local = at.atZone(zone);
        String time = TIME.withLocale(locale).format(local);
        return local.toLocalDate().equals(today) ? time
                : DateTimeFormatter.ofPattern("d MMM", locale).format(local) + " " + time;
    }

    /** The machine-readable form, for {@code <time datetime>}. */
    static String iso(Instant at) {
        return at == null ? "" : at.toString();
    }
}
