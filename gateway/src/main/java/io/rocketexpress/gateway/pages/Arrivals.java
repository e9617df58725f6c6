package io.rocketexpress.gateway.pages;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.rocketexpress.gateway.config.Regions;
import io.rocketexpress.gateway.peer.PeerReads;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Flights from the other regions to this one, as each region's gateway publishes its departures: a region whose
 * gateway cannot answer is reported as such, and never holds up the others.
 */
@ApplicationScoped
public class Arrivals {

    private static final Logger LOG = Logger.getLogger(Arrivals.class);

    private final PeerReads peers;
    private final Regions regions;
    private final ObjectReader flights;

    Arrivals(PeerReads peers, Regions regions, ObjectMapper json) {
        this.peers = peers;
        this.regions = regions;
        // A peer on a newer version may add fields: they are dropped, not a reason to show nothing.
        this.flights = json.readerFor(PublicFlight[].class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** One region's flights here, or that they cannot be known just now. */
    public record FromRegion(String region, boolean available, List<PublicFlight> flights) {
    }

    /** Every connected region's flights to this one, region by region in name order. */
    public Uni<List<FromRegion>> read() {
        List<String> from = peers.regions().stream().sorted().toList();
        if (from.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<FromRegion>> reads = from.stream().map(this::read).toList();
        return Uni.join().all(reads).andFailFast();
    }

    private Uni<FromRegion> read(String region) {
        String path = PeerPages.DEPARTURES + "?destination=" + URLEncoder.encode(regions.local(), StandardCharsets.UTF_8);
        return peers.get(region, path)
                .map(body -> new FromRegion(region, true, body.map(this::parse).orElse(List.of())))
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("arrivals from %s cannot be read: %s", region, failure.getMessage());
                    return new FromRegion(region, false, List.of());
                });
    }

    private List<PublicFlight> parse(byte[] body) {
        try {
            return Arrays.asList(flights.<PublicFlight[]>readValue(body));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable departures: " + e.getMessage(), e);
        }
    }
}
