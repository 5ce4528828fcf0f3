package dev.outpost.metrics;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code /q/metrics} as the tests compare it: every sample's series to its value. */
public final class MetricsScrape {
    /** One sample line of the Prometheus text format: name, optional labels, value. */
    static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");

    private MetricsScrape() {}

    /** Every sample of a scrape: the series (name and labels as sent) to its value. */
    public static Map<String, Double> samples() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.matches()) {
                samples.put(
                        sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)),
                        Double.valueOf(sample.group(3)));
            }
        }
        return samples;
    }
}
