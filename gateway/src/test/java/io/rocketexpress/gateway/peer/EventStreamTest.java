package io.rocketexpress.gateway.peer;

import io.smallrye.mutiny.Multi;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventStreamTest {

    @Test
    void fieldsAccumulateUntilABlankLineDispatchesTheEvent() {
        assertThat(read("id: 7", "event: tracking", "data: {\"status\":\"LANDED\"}", "", "id:8", "data:x", ""))
                .containsExactly(new RelayedEvent("7", "tracking", "{\"status\":\"LANDED\"}", null, null),
                        new RelayedEvent("8", null, "x", null, null));
    }

    @Test
    void dataLinesJoinWithNewlinesAndOnlyOneLeadingSpaceIsDropped() {
        assertThat(read("data:  two spaces", "data: second", "data", "")).singleElement()
                .extracting(RelayedEvent::data).isEqualTo(" two spaces\nsecond\n");
    }

    @Test
    void commentsPassOnTheirOwnAndBlocksWithoutDataDispatchNothing() {
        assertThat(read(": keep-alive", "", "id: 9", "event: tracking", "", "retry: 3000", "data: y", ""))
                .containsExactly(RelayedEvent.comment("keep-alive"), new RelayedEvent(null, null, "y", 3000L, null));
    }

    @Test
    void anIdIsRelayedOnlyWithTheEventThatSetItAndAnUnfinishedLastEventIsDropped() {
        assertThat(read("id: 1", "data: a", "", "data: b", "", "id: 2", "data: unfinished"))
                .extracting(RelayedEvent::id).containsExactly("1", null);
    }

    @Test
    void byteOrderMarkAndUnknownFieldsAreIgnoredAndABadRetryIsToo() {
        assertThat(read("\uFEFFid: 1", "colour: blue", "retry: soon", "data: a", ""))
                .containsExactly(new RelayedEvent("1", null, "a", null, null));
    }

    private static List<RelayedEvent> read(String... lines) {
        return EventStream.events(Multi.createFrom().items(lines)).collect().asList().await().indefinitely();
    }
}
