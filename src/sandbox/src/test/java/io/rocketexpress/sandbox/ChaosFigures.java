package io.rocketexpress.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The figures of the fault campaign: one row per scenario, printed as a table and written as JSON.
 *
 * @param eventsNotDelivered events of the followed streams that never reached their follower; null when the scenario
 *                           follows none
 * @param longestRecovery    from the fault's end (the process started again, the server back) to the first booking
 *                           accepted again by what it hit, the slowest of them; null when no fault
 * @param notes              what else the scenario saw, in a sentence
 */
record ChaosFigures(String scenario, String load, String faults, long bookingRequests, long accepted,
                    long unanswered, long lost, long duplicated, long flightsDuplicated, long recoveriesDuplicated,
                    Integer eventsNotDelivered, Duration longestRecovery, Duration took,
                    Map<String, Long> bookingOutcomes, Map<String, Long> trackingReads, String notes) {

    private static final List<ChaosFigures> RUN = new CopyOnWriteArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static void record(ChaosFigures figures) {
        RUN.add(figures);
        System.out.println(figures.line());
    }

    private String line() {
        return String.format("chaos | %-34s | %,7d booking requests | %,7d accepted | %,5d unanswered | %d lost | "
                        + "%d duplicated | flights/recoveries duplicated %d/%d | events not delivered %s | "
                        + "longest recovery %s | took %d s", scenario, bookingRequests, accepted, unanswered, lost,
                duplicated, flightsDuplicated, recoveriesDuplicated,
                eventsNotDelivered == null ? "-" : eventsNotDelivered,
                longestRecovery == null ? "-" : String.format("%.1f s", longestRecovery.toMillis() / 1000.0),
                took.toSeconds()) + "\nchaos |   " + notes;
    }

    /** Writes every scenario's figures recorded so far. */
    static void write(Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("finishedAt", Instant.now().toString());
        root.put("cores", Runtime.getRuntime().availableProcessors());
        ArrayNode scenarios = root.putArray("scenarios");
        for (ChaosFigures figures : RUN) {
            ObjectNode row = scenarios.addObject();
            row.put("scenario", figures.scenario);
            row.put("load", figures.load);
            row.put("faults", figures.faults);
            row.put("bookingRequests", figures.bookingRequests);
            row.put("accepted", figures.accepted);
            row.put("unanswered", figures.unanswered);
            row.put("lost", figures.lost);
            row.put("duplicated", figures.duplicated);
            row.put("flightsDuplicated", figures.flightsDuplicated);
            row.put("recoveriesDuplicated", figures.recoveriesDuplicated);
            if (figures.eventsNotDelivered != null) {
                row.put("eventsNotDelivered", figures.eventsNotDelivered);
            }
            if (figures.longestRecovery != null) {
                row.put("longestRecoverySeconds", figures.longestRecovery.toMillis() / 1000.0);
            }
            row.put("seconds", figures.took.toMillis() / 1000.0);
            row.set("bookingOutcomes", JSON.valueToTree(figures.bookingOutcomes));
            row.set("trackingReads", JSON.valueToTree(figures.trackingReads));
            row.put("notes", figures.notes);
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
