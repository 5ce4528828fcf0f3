package dev.outpost.local;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.outpost.reputation.InvalidInputException;

/**
 * Local verdicts in bulk, as CSV (RFC 4180, with a header row) or JSON Lines, in UTF-8. Both have the
 * same fields: {@code kind}, {@code value} and {@code verdict} (required), {@code threatName},
 * {@code comment} and {@code expiresAt} (optional, empty for none). An export's other fields ({@link
 * #INFORMATIONAL}) are accepted and ignored, so that an export imports again as it is; any other field
 * is an error. Reading checks every row and reports every bad one (docs/local-verdicts.md).
 */
final class VerdictFile {
    /** What an import reads, in the order an export writes them. */
    static final List<String> COLUMNS = List.of("kind", "value", "verdict", "threatName", "comment", "expiresAt");
    /** What an export adds; an import ignores them. */
    static final List<String> INFORMATIONAL = List.of(
            "expired", "id", "zone", "origin", "owner", "createdBy", "createdAt", "updatedBy", "updatedAt", "revision");

    private static final Set<String> REQUIRED = Set.of("kind", "value", "verdict");
    /** Longest JSON line read; a row of the longest values fits many times over. */
    static final int MAX_LINE_CHARS = 65_536;
    /** Bad rows named in a rejection; the count of the others is given. */
    static final int MAX_LISTED_ERRORS = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private VerdictFile() {}

    /** The two formats, by media type and by the name {@code ?format=} and the CLI use. */
    enum Format {
        CSV("text/csv", "csv"),
        JSONL("application/x-ndjson", "jsonl");

        final String mediaType;
        final String id;

        Format(String mediaType, String id) {
            this.mediaType = mediaType;
            this.id = id;
        }

        /** From a Content-Type: text/csv, or application/x-ndjson (also application/jsonl). */
        static Format ofMediaType(String contentType) {
            String type = contentType == null
                    ? ""
                    : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (type.equals("text/csv")) {
                return CSV;
            }
            if (type.equals("application/x-ndjson") || type.equals("application/jsonl")) {
                return JSONL;
            }
            throw new LocalVerdictException.UnsupportedFormat(contentType);
        }

        static Format of(String id) {
            for (Format format : values()) {
                if (format.id.equals(id)) {
                    return format;
                }
            }
            throw new InvalidInputException("invalid-request", "format must be csv or jsonl", id);
        }
    }

    /** One valid row: what it is about and what it says, and the line it is on. */
    record Row(int line, SubjectKey subject, VerdictFields fields) {}

    /** A row that cannot be imported, as a rejection lists it. */
    record RowError(int row, String type, String detail, String input) {
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("row", row);
            json.put("type", type);
            json.put("detail", detail);
            if (input != null) {
                json.put("input", dev.outpost.reputation.Inputs.abbreviate(input));
            }
            return json;
        }
    }

    /** What was read: the valid rows and the file's SHA-256, which the audit log records. */
    record Contents(List<Row> rows, String sha256, long bytes) {}

    /**
     * Reads and checks a whole file. Any invalid row rejects it ({@link BatchRejected}, every bad row
     * named); more rows or bytes than the limits is {@link LocalVerdictException.BatchTooLarge}.
     */
    static Contents read(InputStream in, Format format, int maxRows, long maxBytes) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        Bounded bounded = new Bounded(new DigestInputStream(in, sha256), maxBytes);
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        Collector collector = new Collector(maxRows);
        try (PushbackReader reader = new PushbackReader(new InputStreamReader(bounded, decoder), 1)) {
            skipByteOrderMark(reader);
            if (format == Format.CSV) {
                readCsv(reader, collector);
            } else {
                readJsonLines(reader, collector);
            }
        } catch (CharacterCodingException e) {
            collector.error(new RowError(collector.lastLine + 1, "invalid-import", "the file is not UTF-8", null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (collector.rows.isEmpty() && collector.errors == 0) {
            throw new InvalidInputException("invalid-import", "the file holds no local verdicts", null);
        }
        if (collector.errors > 0) {
            throw new BatchRejected(collector.listed, collector.errors, collector.rows.size() + collector.errors);
        }
        return new Contents(collector.rows, HexFormat.of().formatHex(sha256.digest()), bounded.count);
    }

    private static void skipByteOrderMark(PushbackReader reader) throws IOException {
        int first = reader.read();
        if (first != -1 && first != '\uFEFF') {
            reader.unread(first);
        }
    }

    private static void readCsv(java.io.Reader reader, Collector collector) throws IOException {
        Csv.Reader csv = new Csv.Reader(reader);
        Csv.Record header;
        try {
            header = csv.next();
        } catch (Csv.FormatException e) {
            collector.error(new RowError(e.line, "invalid-import", "header: " + e.getMessage(), null));
            return;
        }
        if (header == null) {
            return;
        }
        List<String> names = header.fields();
        String problem = checkNames(names);
        if (problem != null) {
            collector.error(new RowError(1, "invalid-import", "header: " + problem, String.join(",", names)));
            return;
        }
        while (true) {
            Csv.Record record;
            try {
                record = csv.next();
            } catch (Csv.FormatException e) {
                collector.error(new RowError(e.line, "invalid-import", e.getMessage(), null));
                if (e.fatal) {
                    return;
                }
                continue;
            }
            if (record == null) {
                return;
            }
            collector.lastLine = record.line();
            if (record.blank()) {
                continue;
            }
            if (record.fields().size() != names.size()) {
                collector.error(new RowError(
                        record.line(),
                        "invalid-import",
                        "has " + record.fields().size() + " fields; the header has " + names.size(),
                        null));
                continue;
            }
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                values.put(canonicalName(names.get(i)), record.fields().get(i));
            }
            collector.row(record.line(), values);
        }
    }

    /** Null if the header names every required column, each column once, and no unknown one. */
    private static String checkNames(List<String> names) {
        List<String> seen = new ArrayList<>();
        for (String name : names) {
            String canonical = canonicalName(name);
            if (canonical == null) {
                return "unknown column '" + name + "'; columns are " + String.join(",", COLUMNS) + " (and an export's "
                        + String.join(",", INFORMATIONAL) + ", which are ignored)";
            }
            if (seen.contains(canonical)) {
                return "column '" + name + "' appears twice";
            }
            seen.add(canonical);
        }
        for (String required : REQUIRED) {
            if (!seen.contains(required)) {
                return "the header needs a column '" + required + "' (columns: " + String.join(",", COLUMNS) + ")";
            }
        }
        return null;
    }

    /** The field's name as {@link #COLUMNS} or {@link #INFORMATIONAL} spell it (case aside), or null. */
    private static String canonicalName(String name) {
        String stripped = name.strip();
        for (List<String> names : List.of(COLUMNS, INFORMATIONAL)) {
            for (String known : names) {
                if (known.equalsIgnoreCase(stripped)) {
                    return known;
                }
            }
        }
        return null;
    }

    private static void readJsonLines(java.io.Reader reader, Collector collector) throws IOException {
        StringBuilder line = new StringBuilder();
        int number = 0;
        boolean more = true;
        while (more) {
            line.setLength(0);
            number++;
            boolean tooLong = false;
            int c;
            while ((c = reader.read()) != -1 && c != '\n') {
                if (line.length() < MAX_LINE_CHARS) {
                    line.append((char) c);
                } else {
                    tooLong = true;
                }
            }
            more = c != -1;
            collector.lastLine = number;
            if (tooLong) {
                collector.error(new RowError(
                        number, "invalid-import", "the line is longer than " + MAX_LINE_CHARS + " characters", null));
                continue;
            }
            String text = line.toString().strip();
            if (text.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                collector.error(new RowError(number, "invalid-import", "the line is not one JSON object", text));
                continue;
            }
            if (node == null || !node.isObject()) {
                collector.error(new RowError(number, "invalid-import", "the line is not one JSON object", text));
                continue;
            }
            Map<String, String> values = new HashMap<>();
            String problem = null;
            for (var fields = node.fields(); fields.hasNext() && problem == null; ) {
                var field = fields.next();
                String name = field.getKey();
                String canonical = COLUMNS.contains(name) || INFORMATIONAL.contains(name) ? name : null;
                if (canonical == null) {
                    problem = "unknown field '" + name + "'; fields are " + String.join(", ", COLUMNS);
                } else if (INFORMATIONAL.contains(name)) {
                    continue;
                } else if (field.getValue().isNull()) {
                    values.put(name, null);
                } else if (!field.getValue().isTextual()) {
                    problem = name + ": must be a string or null";
                } else {
                    values.put(name, field.getValue().textValue());
                }
            }
            if (problem != null) {
                collector.error(new RowError(number, "invalid-import", problem, null));
                continue;
            }
            for (String required : REQUIRED) {
                if (values.get(required) == null) {
                    problem = problem == null ? required + ": is required" : problem;
                }
            }
            if (problem != null) {
                collector.error(new RowError(number, "invalid-local-verdict", problem, null));
                continue;
            }
            collector.row(number, values);
        }
    }

    /** Gathers valid rows and errors: rows within the limit, errors all counted, the first ones listed. */
    private static final class Collector {
        final int maxRows;
        final List<Row> rows = new ArrayList<>();
        final List<RowError> listed = new ArrayList<>();
        final Map<SubjectKey, Integer> lines = new HashMap<>();
        int errors;
        int lastLine;

        Collector(int maxRows) {
            this.maxRows = maxRows;
        }

        void row(int line, Map<String, String> values) {
            if (rows.size() + errors >= maxRows) {
                throw new LocalVerdictException.BatchTooLarge(
                        "an import holds at most " + maxRows + " rows (outpost.local.import.max-rows); split the file");
            }
            try {
                LocalKind kind = LocalKind.of(values.get("kind"));
                String subject = kind.canonicalSubject(values.get("value"));
                VerdictFields fields = VerdictFields.parse(
                        values.get("verdict"),
                        values.get("threatName"),
                        values.get("comment"),
                        values.get("expiresAt"));
                SubjectKey key = new SubjectKey(kind, subject);
                Integer earlier = lines.putIfAbsent(key, line);
                if (earlier != null) {
                    error(new RowError(
                            line,
                            "invalid-local-verdict",
                            "row " + earlier + " is about the same " + key + "; one verdict per subject",
                            values.get("value")));
                    return;
                }
                rows.add(new Row(line, key, fields));
            } catch (InvalidInputException e) {
                error(new RowError(line, e.problemType(), e.detail(), e.input()));
            } catch (RuntimeException e) {
                // A parser below may fail in a way no check names; the row is bad, not the server.
                error(new RowError(line, "invalid-local-verdict", "the row cannot be read", null));
            }
        }

        void error(RowError error) {
            if (rows.size() + errors >= maxRows) {
                throw new LocalVerdictException.BatchTooLarge(
                        "an import holds at most " + maxRows + " rows (outpost.local.import.max-rows); split the file");
            }
            errors++;
            if (listed.size() < MAX_LISTED_ERRORS) {
                listed.add(error);
            }
        }
    }

    /** Counts bytes and refuses more than the limit. */
    private static final class Bounded extends FilterInputStream {
        private final long max;
        long count;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) {
            count += n;
            if (count > max) {
                throw new LocalVerdictException.BatchTooLarge(
                        "an import is at most " + max + " bytes (outpost.local.import.max-bytes); split the file");
            }
        }
    }

    /**
     * 400: an import with invalid rows, nothing of it applied. Lists the first {@link
     * #MAX_LISTED_ERRORS} bad rows (number, problem type, detail) and counts them all.
     */
    static final class BatchRejected extends InvalidInputException {
        private final List<RowError> listed;
        private final int errorCount;

        BatchRejected(List<RowError> listed, int errorCount, int rows) {
            super(
                    "invalid-import",
                    errorCount + (errorCount == 1 ? " row is" : " rows are") + " invalid (of " + rows
                            + " read); nothing was imported"
                            + (errorCount > listed.size() ? "; the first " + listed.size() + " are listed" : ""),
                    null);
            this.listed = List.copyOf(listed);
            this.errorCount = errorCount;
        }

        List<RowError> errors() {
            return listed;
        }

        int errorCount() {
            return errorCount;
        }

        @Override
        public Map<String, Object> extensions() {
            Map<String, Object> extensions = new LinkedHashMap<>();
            extensions.put("errorCount", errorCount);
            extensions.put("errorsNotListed", errorCount - listed.size());
            extensions.put("errors", listed.stream().map(RowError::json).toList());
            return extensions;
        }
    }
}
