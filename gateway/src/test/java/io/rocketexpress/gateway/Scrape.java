package io.rocketexpress.gateway;

import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/** One read of the management port's /q/metrics. */
public record Scrape(String text) {

    public static Scrape of(URL metrics) {
        return new Scrape(given().get(metrics).then().statusCode(200).extract().asString());
    }

    /** The value of a series without labels, or of the first series of that name; NaN when there is none. */
    public double value(String name) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)").matcher(text);
        return line.find() ? Double.parseDouble(line.group(1)) : Double.NaN;
    }
}
