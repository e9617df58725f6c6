package io.rocketexpress.gateway.common;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyedNotificationsTest {

    private final KeyedNotifications notifications = new KeyedNotifications();

    @Test
    void aPayloadReachesTheListenersOfItsKeyAloneAndEverythingReachesAll() {
        AssertSubscriber<String> first = notifications.on("RX1").subscribe().withSubscriber(AssertSubscriber.create(10));
        AssertSubscriber<String> second = notifications.on("RX2").subscribe().withSubscriber(AssertSubscriber.create(10));
        AssertSubscriber<String> alsoFirst = notifications.on("RX1").subscribe()
                .withSubscriber(AssertSubscriber.create(10));

        notifications.publish("RX1");
        notifications.publish("RX3");
        notifications.publish(DatabaseNotifications.EVERYTHING);

        first.assertItems("RX1", DatabaseNotifications.EVERYTHING);
        alsoFirst.assertItems("RX1", DatabaseNotifications.EVERYTHING);
        second.assertItems(DatabaseNotifications.EVERYTHING);
    }

    @Test
    void aListenerThatLeavesIsForgotten() {
        AssertSubscriber<String> listener = notifications.on("RX1").subscribe()
                .withSubscriber(AssertSubscriber.create(10));
        assertThat(notifications.keys()).isEqualTo(1);

        listener.cancel();

        assertThat(notifications.keys()).isZero();
        notifications.publish("RX1");
        listener.assertHasNotReceivedAnyItem();
    }

    @Test
    void aBusyListenerKeepsTheLatestPayloadOnly() {
        AssertSubscriber<String> busy = notifications.on("RX1").subscribe().withSubscriber(AssertSubscriber.create(0));
        notifications.publish("RX1");
        notifications.publish(DatabaseNotifications.EVERYTHING);

        busy.request(5);

        busy.assertItems(DatabaseNotifications.EVERYTHING);
    }

    @Test
    void completingEndsEveryListener() {
        AssertSubscriber<String> listener = notifications.on("RX1").subscribe()
                .withSubscriber(AssertSubscriber.create(10));
        notifications.complete();
        listener.assertCompleted();
    }
}
