package dev.outpost.lookup;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.outpost.reputation.Category;
import dev.outpost.reputation.Zone;

/**
 * The schema of an answer for a URL, domain or IP address (ADR 0008). {@code canonicalUrl} (URLs),
 * {@code canonicalDomain} (domains) or {@code address} (IPs) is what the service computed from the
 * query; on a match, {@code matchType} ({@code url}, {@code domain} or {@code ip}) and {@code
 * matchedExpression} say which stored expression, domain or range decided the verdict.
 *
 * <p>Like {@link Answer}, a description only: answers are written by {@link AnswerJson}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "query",
    "canonicalUrl",
    "canonicalDomain",
    "address",
    "zone",
    "verdict",
    "threatName",
    "firstSeen",
    "lastSeen",
    "popularity",
    "matchType",
    "matchedExpression",
    "source",
    "error"
})
public record WebAnswer(
        String query,
        String canonicalUrl,
        String canonicalDomain,
        String address,
        Zone zone,
        Category verdict,
        String threatName,
        LocalDate firstSeen,
        LocalDate lastSeen,
        Long popularity,
        String matchType,
        String matchedExpression,
        Answer.Source source,
        Answer.ItemError error) {}
