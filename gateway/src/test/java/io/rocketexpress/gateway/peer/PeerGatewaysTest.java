package io.rocketexpress.gateway.peer;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeerGatewaysTest {

    private static final Set<String> REGIONS = Set.of("hangzhou", "dubai", "liege");

    @Test
    void peersAreOtherConfiguredRegionsReachedOverHttpWhereAllowed() {
        assertThatCode(() -> PeerGateways.check(Map.of("dubai", URI.create("https://gateway.dubai.example.com"),
                "liege", URI.create("http://gateway.liege:8080/")), REGIONS, "hangzhou", true))
                .doesNotThrowAnyException();
    }

    @Test
    void aPeerOfNoConfiguredRegionStopsTheGateway() {
        assertThatThrownBy(() -> PeerGateways.check(Map.of("dubia", URI.create("https://gateway.dubai.example.com")),
                REGIONS, "hangzhou", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("rocketexpress.peers.dubia.url names no configured region; regions are");
    }

    @Test
    void theGatewaysOwnRegionIsNoPeer() {
        assertThatThrownBy(() -> PeerGateways.check(Map.of("hangzhou", URI.create("https://gateway.hangzhou")),
                REGIONS, "hangzhou", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("names this gateway's own region");
    }

    @Test
    void aPeerUrlIsHttpOrHttpsWithAHost() {
        assertThatThrownBy(() -> PeerGateways.check(Map.of("dubai", URI.create("gateway.dubai.example.com")),
                REGIONS, "hangzhou", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("rocketexpress.peers.dubai.url=gateway.dubai.example.com is not an http or https URL"
                        + " with a host");
    }

    @Test
    void plainHttpPeersAreRefusedUnlessAllowed() {
        assertThatThrownBy(() -> PeerGateways.check(Map.of("dubai", URI.create("http://gateway.dubai:8080")),
                REGIONS, "hangzhou", false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("rocketexpress.peers.dubai.url=http://gateway.dubai:8080 is plain http")
                .hasMessageContaining("rocketexpress.gateway.peer-calls.allow-http=true");
        assertThatCode(() -> PeerGateways.check(Map.of("dubai", URI.create("https://gateway.dubai")), REGIONS,
                "hangzhou", false)).doesNotThrowAnyException();
    }

    @Test
    void aRegionIsAcceptedUnderOneKeyOrTwoWhileItRotatesEachNamingIt() {
        String secret = "a-secret-of-at-least-thirty-two-chars";
        assertThat(PeerGateways.credentials("dubai", "dubai-1:" + secret + ", dubai-2:" + secret))
                .extracting(PeerSignature.Credential::keyId).containsExactly("dubai-1", "dubai-2");
        assertThatThrownBy(() -> PeerGateways.credentials("dubai", "dubai-1:a,dubai-2:b,dubai-3:c"))
                .hasMessageNotContaining(secret);
        assertThatThrownBy(() -> PeerGateways.credentials("dubai",
                "dubai-1:" + secret + ",dubai-2:" + secret + ",dubai-3:" + secret))
                .hasMessageContaining("lists 3 keys; a region signs with one, or two while it rotates");
        assertThatThrownBy(() -> PeerGateways.credentials("dubai", "liege-1:" + secret))
                .hasMessage("rocketexpress.peers.dubai.credentials: key liege-1 does not name region dubai; its id"
                        + " must start with dubai-");
        assertThatThrownBy(() -> PeerGateways.credentials("dubai", secret))
                .hasMessageContaining("lists keys as <keyId>:<secret>")
                .hasMessageNotContaining(secret);
    }
}
