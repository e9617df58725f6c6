package io.rocketexpress.gateway.partner;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The header with which one region's gateway names the partner it calls another region's gateway for. A
 * partner's name is the same in every region (each region's administrator creates the partner under that
 * name), so it identifies the partner across regions where its id and keys do not. Names may hold any
 * character, headers only ASCII: the name travels URL-encoded (UTF-8).
 */
public final class OnBehalfOf {

    public static final String HEADER = "RocketExpress-Partner";

    private OnBehalfOf() {
    }

    public static String encode(String partnerName) {
        return URLEncoder.encode(partnerName, StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when the header is not URL-encoded */
    public static String decode(String header) {
        return URLDecoder.decode(header.trim(), StandardCharsets.UTF_8);
    }
}
