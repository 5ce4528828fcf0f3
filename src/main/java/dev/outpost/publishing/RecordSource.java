package dev.outpost.publishing;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outpost.reputation.Category;
import dev.outpost.reputation.FileHashes;
import dev.outpost.reputation.Hash;
import dev.outpost.reputation.HashType;
import dev.outpost.reputation.InvalidInputException;
import dev.outpost.reputation.ReputationRecord;
import dev.outpost.reputation.Verdict;

/**
 * Reads publisher records from CSV (header row required) or JSON Lines; the columns and fields are
 * documented in {@code offline-bundles/FORMAT.md} §Record sources. Every error names the line.
 *
 * <p>Fields: {@code kind} ({@code file} or {@code certificate}), {@code md5}, {@code sha1}, {@code
 * sha256} (for certificates: the thumbprint), {@code verdict}, {@code threat_name}, {@code
 * first_seen}, {@code last_seen} (ISO dates), {@code popularity} (a count; rounded to two
 * significant figures).
 */
public final class RecordSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of(
            "kind",
            "md5",
            "sha1",
            "sha256",
            "url",
            "domain",
            "ip",
            "verdict",
            "threat_name",
            "first_seen",
            "last_seen",
            "popularity");

    /**
     * Longest line of a record file: a record is a few hashes, a URL of at most {@link
     * dev.outpost.web.CanonicalUrl#MAX_INPUT_CHARS} characters and a short name, far below this.
     */
    public static final int MAX_LINE_BYTES = 256 * 1024;

    private RecordSource() {}

    /**
     * Reads every record of a {@code .csv} or {@code .jsonl}/{@code .ndjson} file. Its lines are read
     * as bytes ({@link FeedLines}): a line that is not UTF-8 or longer than {@link #MAX_LINE_BYTES} is
     * an error naming that line, where a {@code BufferedReader} would throw a bare decoding exception
     * from wherever its read-ahead stopped.
     */
    public static void read(Path file, Consumer<ReputationRecord> sink) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean csv = name.endsWith(".csv");
        if (!csv && !name.endsWith(".jsonl") && !name.endsWith(".ndjson")) {
            throw new InvalidInputException("unsupported-source", "record file must end in .csv or .jsonl", name);
        }
        try (FeedLines lines = new FeedLines(Files.newInputStream(file), FeedLines.Decoding.UTF8, MAX_LINE_BYTES)) {
            Lines numbered = () -> {
                try {
                    return lines.next();
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(
                            e.problemType(), "line " + lines.number() + ": " + e.detail(), null);
                }
            };
            if (csv) {
                readCsv(numbered, sink);
            } else {
                readJsonLines(numbered, sink);
            }
        }
    }

    public static void readCsv(BufferedReader reader, Consumer<ReputationRecord> sink) throws IOException {
        readCsv(reader::readLine, sink);
    }

    public static void readJsonLines(BufferedReader reader, Consumer<ReputationRecord> sink) throws IOException {
        readJsonLines(reader::readLine, sink);
    }

    /** The next line of a record file, or null at its end. */
    @FunctionalInterface
    private interface Lines {
        String readLine() throws IOException;
    }

    private static void readCsv(Lines reader, Consumer<ReputationRecord> sink) throws IOException {
        String headerLine = reader.readLine();
        if (headerLine == null) {
            throw new InvalidInputException("invalid-source", "CSV file is empty; it needs a header row", null);
        }
        List<String> header = Csv.split(headerLine.startsWith("\uFEFF") ? headerLine.substring(1) : headerLine, 1);
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i).strip().toLowerCase(Locale.ROOT);
            if (!FIELDS.contains(column)) {
                throw new InvalidInputException(
                        "invalid-source",
                        "line 1: unknown column '" + column + "'; known columns are " + FIELDS,
                        column);
            }
            columns.put(column, i);
        }
        if (!columns.containsKey("verdict")) {
            throw new InvalidInputException("invalid-source", "line 1: a 'verdict' column is required", headerLine);
        }
        String line;
        int number = 1;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = Csv.split(line, number);
            if (cells.size() != header.size()) {
                throw new InvalidInputException(
                        "invalid-source",
                        "line " + number + ": " + cells.size() + " columns, the header has " + header.size(),
                        line);
            }
            Map<String, String> row = new HashMap<>();
            columns.forEach((column, index) -> row.put(column, cells.get(index)));
            sink.accept(record(row, number));
        }
    }

    private static void readJsonLines(Lines reader, Consumer<ReputationRecord> sink) throws IOException {
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new InvalidInputException("invalid-source", "line " + number + ": not valid JSON", line);
            }
            if (!node.isObject()) {
                throw new InvalidInputException("invalid-source", "line " + number + ": expected a JSON object", line);
            }
            Map<String, String> row = new HashMap<>();
            var names = node.fieldNames();
            while (names.hasNext()) {
                String field = names.next();
                String column = field.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
                if (!FIELDS.contains(column)) {
                    throw new InvalidInputException(
                            "invalid-source", "line " + number + ": unknown field '" + field + "'", line);
                }
                JsonNode value = node.get(field);
                row.put(column, value.isNull() ? null : value.asText());
            }
            sink.accept(record(row, number));
        }
    }

    private static ReputationRecord record(Map<String, String> row, int line) {
        try {
            String kind = text(row.get("kind"));
            Verdict verdict = new Verdict(
                    Category.parse(row.get("verdict")),
                    text(row.get("threat_name")),
                    date(row.get("first_seen"), "first_seen"),
                    date(row.get("last_seen"), "last_seen"),
                    Verdict.roundPopularity(number(row.get("popularity"))));
            if (kind != null
                    && (kind.equalsIgnoreCase("url")
                            || kind.equalsIgnoreCase("domain")
                            || kind.equalsIgnoreCase("ip"))) {
                return web(kind.toLowerCase(Locale.ROOT), row, verdict);
            }
            if (kind == null || kind.equalsIgnoreCase("file")) {
                FileHashes hashes = new FileHashes(
                        hash(row.get("md5"), HashType.MD5),
                        hash(row.get("sha1"), HashType.SHA1),
                        hash(row.get("sha256"), HashType.SHA256));
                return new ReputationRecord.File(hashes, verdict);
            }
            if (kind.equalsIgnoreCase("certificate")) {
                if (text(row.get("md5")) != null || text(row.get("sha1")) != null) {
                    throw new InvalidInputException(
                            "invalid-record", "a certificate is identified by its SHA-256 thumbprint only", null);
                }
                Hash thumbprint = hash(row.get("sha256"), HashType.SHA256);
                if (thumbprint == null) {
                    throw new InvalidInputException("invalid-record", "a certificate needs a sha256 thumbprint", null);
                }
                return new ReputationRecord.Certificate(thumbprint, verdict);
            }
            throw new InvalidInputException(
                    "invalid-record", "kind must be 'file', 'certificate', 'url', 'domain' or 'ip'", kind);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.problemType(), "line " + line + ": " + e.detail(), e.input());
        }
    }

    /** A URL, domain or IP record: exactly its own column, canonicalized as lookups do (ADR 0008). */
    private static ReputationRecord web(String kind, Map<String, String> row, Verdict verdict) {
        for (String column : List.of("md5", "sha1", "sha256", "url", "domain", "ip")) {
            if (!column.equals(kind) && text(row.get(column)) != null) {
                throw new InvalidInputException(
                        "invalid-record",
                        "a " + kind + " record has a '" + kind + "' column only, not '" + column + "'",
                        null);
            }
        }
        String value = text(row.get(kind));
        if (value == null) {
            throw new InvalidInputException(
                    "invalid-record", "a " + kind + " record needs its '" + kind + "' column", null);
        }
        return switch (kind) {
            case "url" -> KeyedRecords.url(value, verdict);
            case "domain" -> KeyedRecords.domain(value, verdict);
            default -> KeyedRecords.ipRange(value, verdict);
        };
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Hash hash(String value, HashType type) {
        String text = text(value);
        return text == null ? null : Hash.parse(text, type);
    }

    private static LocalDate date(String value, String field) {
        String text = text(value);
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("invalid-record", field + " must be an ISO date (2024-01-31)", text);
        }
    }

    private static long number(String value) {
        String text = text(value);
        try {
            return text == null ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("invalid-record", "popularity must be a whole number", text);
        }
    }

    /** Minimal RFC 4180 field splitting for one line (quoted fields, doubled quotes). */
    static final class Csv {
        private Csv() {}

        static List<String> split(String line, int number) {
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"' && cell.isEmpty()) {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            if (quoted) {
                throw new InvalidInputException(
                        "invalid-source", "line " + number + ": unterminated quoted field", line);
            }
            cells.add(cell.toString());
            return cells;
        }
    }
}
