package dev.outpost.local;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV, as local verdict imports and exports use it: comma-separated fields, a field that
 * holds a comma, a quote or a line break is quoted, and a quote inside one is doubled. Records end
 * with CRLF (written) or CRLF or LF (read). Reading is bounded: a field's length and a record's field
 * count are capped, so that a hostile file cannot grow one record without limit.
 */
final class Csv {
    static final int MAX_FIELD_CHARS = 16_384;
    static final int MAX_FIELDS = 64;

    private Csv() {}

    /** One record and the line it starts on (1-based; a quoted line break makes records span lines). */
    record Record(int line, List<String> fields) {
        boolean blank() {
            return fields.size() == 1 && fields.get(0).isEmpty();
        }
    }

    /** A record that cannot be read. {@code fatal}: nothing after it can be delimited reliably. */
    static final class FormatException extends Exception {
        final int line;
        final boolean fatal;

        FormatException(int line, String detail, boolean fatal) {
            super(detail, null, false, false);
            this.line = line;
            this.fatal = fatal;
        }
    }

    /** Reads records one at a time. */
    static final class Reader {
        private final java.io.Reader in;
        private int line = 1;
        private int pushedBack = -2;
        private boolean atEnd;

        Reader(java.io.Reader in) {
            this.in = in;
        }

        /** The next record, or null at the end of the input. */
        Record next() throws IOException, FormatException {
            if (atEnd) {
                return null;
            }
            int start = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            int c = read();
            if (c == -1) {
                atEnd = true;
                return null;
            }
            while (true) {
                if (c == '"' && field.isEmpty()) {
                    readQuoted(field, start);
                    c = read();
                    if (c != ',' && c != '\r' && c != '\n' && c != -1) {
                        skipLine(c);
                        throw new FormatException(start, "a quoted field must end at a comma or the line's end", false);
                    }
                    continue;
                }
                if (c == ',' || c == '\n' || c == -1 || c == '\r') {
                    if (c == '\r') {
                        int after = read();
                        if (after != '\n') {
                            unread(after);
                        }
                        c = '\n';
                    }
                    fields.add(unguarded(field.toString()));
                    field.setLength(0);
                    if (fields.size() > MAX_FIELDS) {
                        skipLine(c);
                        throw new FormatException(start, "more than " + MAX_FIELDS + " fields", false);
                    }
                    if (c == ',') {
                        c = read();
                        continue;
                    }
                    if (c == -1) {
                        atEnd = true;
                    }
                    return new Record(start, fields);
                }
                if (c == '"') {
                    skipLine(c);
                    throw new FormatException(
                            start, "a quote inside an unquoted field (quote the field and double it)", false);
                }
                append(field, c, start);
                c = read();
            }
        }

        private void readQuoted(StringBuilder field, int start) throws IOException, FormatException {
            while (true) {
                int c = read();
                if (c == -1) {
                    atEnd = true;
                    throw new FormatException(start, "a quoted field is not closed before the end of the file", true);
                }
                if (c == '"') {
                    int after = read();
                    if (after == '"') {
                        append(field, '"', start);
                        continue;
                    }
                    unread(after);
                    return;
                }
                append(field, c, start);
            }
        }

        private void append(StringBuilder field, int c, int start) throws FormatException {
            if (field.length() >= MAX_FIELD_CHARS) {
                // The rest of an over-long field cannot be told from the next record: stop here.
                atEnd = true;
                throw new FormatException(start, "a field is longer than " + MAX_FIELD_CHARS + " characters", true);
            }
            field.append((char) c);
        }

        /** Skips to the start of the next line after a record that cannot be read. */
        private void skipLine(int c) throws IOException {
            while (c != '\n' && c != -1) {
                c = read();
            }
            if (c == -1) {
                atEnd = true;
            }
        }

        private int read() throws IOException {
            int c;
            if (pushedBack != -2) {
                c = pushedBack;
                pushedBack = -2;
            } else {
                c = in.read();
            }
            if (c == '\n') {
                line++;
            }
            return c;
        }

        private void unread(int c) {
            if (c == '\n') {
                line--;
            }
            pushedBack = c;
        }
    }

    /** Appends one record, quoting where RFC 4180 requires, ended by CRLF. Null is an empty field. */
    static void write(Appendable out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String field = fields.get(i);
            if (field == null) {
                continue;
            }
            String safe = guarded(field);
            if (needsQuotes(safe)) {
                out.append('"').append(safe.replace("\"", "\"\"")).append('"');
            } else {
                out.append(safe);
            }
        }
        out.append("\r\n");
    }

    /**
     * A field a spreadsheet would run as a formula (one starting with {@code = + - @}, a tab or a
     * carriage return; OWASP "CSV Injection") is written behind a {@code '}: threat names and comments
     * are anyone's text, a submitter's too, and an export is opened by administrators. Every field
     * reads back as it was written.
     */
    static String guarded(String field) {
        return looksLikeFormula(field) ? "'" + field : field;
    }

    /** Reads back what {@link #guarded} wrote, so that an export imports as it was. */
    static String unguarded(String field) {
        return field.startsWith("'") && looksLikeFormula(field.substring(1)) ? field.substring(1) : field;
    }

    /**
     * A formula sign after any number of guards: a field that already starts with the guard gets one
     * more, so that reading strips exactly the one writing added.
     */
    private static boolean looksLikeFormula(String field) {
        int at = 0;
        while (at < field.length() && field.charAt(at) == '\'') {
            at++;
        }
        if (at == field.length()) {
            return false;
        }
        char c = field.charAt(at);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    }

    private static boolean needsQuotes(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }
}
