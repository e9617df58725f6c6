package io.rocketexpress.gateway.pages;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Region names as people read them: {@code kuala-lumpur} is Kuala Lumpur. */
final class Places {

    private Places() {
    }

    static String name(String region) {
        if (region == null || region.isBlank()) {
            return "";
        }
        return Arrays.stream(region.split("-"))
                .filter(word -> !word.isEmpty())
                .map(word -> word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1))
                .collect(Collectors.joining(" "));
    }
}
