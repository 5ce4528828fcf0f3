package dev.outpost.lookup;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import dev.outpost.reputation.Category;
import dev.outpost.reputation.Zone;

/**
 * The schema of a file or certificate answer: for a single lookup the whole response, for a bulk
 * lookup one item of {@code results}. A miss is an answer ({@code GREY}/{@code UNKNOWN}); an
 * invalid bulk item carries {@code error} instead of a verdict.
 *
 * <p>Answers are written by {@link AnswerJson} from a {@link LookupOutcome}, never from this record.
 * It describes them: the API description (OpenAPI) is generated from it, and {@code AnswerJsonTest}
 * holds the writer to Jackson's serialization of it (field order, nulls omitted).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "query",
    "type",
    "zone",
    "verdict",
    "threatName",
    "firstSeen",
    "lastSeen",
    "popularity",
    "hashes",
    "source",
    "error"
})
public record Answer(
        String query,
        String type,
        Zone zone,
        Category verdict,
        String threatName,
        LocalDate firstSeen,
        LocalDate lastSeen,
        Long popularity,
        Hashes hashes,
        Source source,
        ItemError error) {

    /** Every digest known for the file, so a lookup by MD5 also tells its SHA-256. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hashes(String md5, String sha1, String sha256) {}

    /**
     * Where a verdict came from: {@code vendor} with the dataset and its sequence, or {@code local}
     * (ADR 0009) with the local verdict's id and the operator who set it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String type, String dataset, Long sequence, Long localVerdictId, String createdBy) {}

    /** Why one item of a bulk request could not be looked up. */
    public record ItemError(String type, String detail) {}
}
