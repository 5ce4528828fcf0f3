package dev.outpost.lookup;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * Writes answers as JSON bytes directly: the hot path of every lookup. Jackson's reflective record
 * serialization was the largest cost of a bulk lookup in a JFR profile (issue 3), so answers are
 * written field by field into one growable buffer. The output is the JSON Jackson produced for
 * {@link Answer} (same field order, nulls omitted), which {@code AnswerJsonTest} checks.
 */
final class AnswerJson {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    private AnswerJson(int capacity) {
        buf = new byte[capacity];
    }

    static byte[] single(Answer answer) {
        AnswerJson out = new AnswerJson(512);
        out.answer(answer);
        return out.toBytes();
    }

    static byte[] bulk(List<Answer> answers) {
        AnswerJson out = new AnswerJson(64 + answers.size() * 256);
        out.ascii("{\"results\":[");
        for (int i = 0; i < answers.size(); i++) {
            if (i > 0) {
                out.raw((byte) ',');
            }
            out.answer(answers.get(i));
        }
        out.ascii("]}");
        return out.toBytes();
    }

    private void answer(Answer a) {
        raw((byte) '{');
        boolean first = true;
        first = field(first, "query", a.query());
        first = field(first, "type", a.type());
        first = field(first, "zone", a.zone() == null ? null : a.zone().name());
        first = field(first, "verdict", a.verdict() == null ? null : a.verdict().name());
        first = field(first, "threatName", a.threatName());
        first = date(first, "firstSeen", a.firstSeen());
        first = date(first, "lastSeen", a.lastSeen());
        if (a.popularity() != null) {
            first = name(first, "popularity");
            number(a.popularity());
        }
        if (a.hashes() != null) {
            first = name(first, "hashes");
            raw((byte) '{');
            boolean inner = true;
            inner = field(inner, "md5", a.hashes().md5());
            inner = field(inner, "sha1", a.hashes().sha1());
            field(inner, "sha256", a.hashes().sha256());
            raw((byte) '}');
        }
        if (a.source() != null) {
            first = name(first, "source");
            raw((byte) '{');
            // Vendor: type, dataset, sequence. Local (ADR 0009): type, localVerdictId, createdBy.
            boolean inner = field(true, "type", a.source().type());
            inner = field(inner, "dataset", a.source().dataset());
            if (a.source().sequence() != null) {
                inner = name(inner, "sequence");
                number(a.source().sequence());
            }
            if (a.source().localVerdictId() != null) {
                inner = name(inner, "localVerdictId");
                number(a.source().localVerdictId());
            }
            field(inner, "createdBy", a.source().createdBy());
            raw((byte) '}');
        }
        if (a.error() != null) {
            name(first, "error");
            raw((byte) '{');
            boolean inner = field(true, "type", a.error().type());
            field(inner, "detail", a.error().detail());
            raw((byte) '}');
        }
        raw((byte) '}');
    }

    private boolean field(boolean first, String name, String value) {
        if (value == null) {
            return first;
        }
        name(first, name);
        string(value);
        return false;
    }

    private boolean date(boolean first, String name, LocalDate value) {
        if (value == null) {
            return first;
        }
        name(first, name);
        raw((byte) '"');
        ascii(value.toString());
        raw((byte) '"');
        return false;
    }

    private boolean name(boolean first, String name) {
        if (!first) {
            raw((byte) ',');
        }
        raw((byte) '"');
        ascii(name);
        raw((byte) '"');
        raw((byte) ':');
        return false;
    }

    private void number(long value) {
        ascii(Long.toString(value));
    }

    /** A JSON string: quotes, backslashes and control characters escaped, everything else UTF-8. */
    private void string(String value) {
        raw((byte) '"');
        int n = value.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                if (len == buf.length) {
                    ensure(n - i);
                }
                buf[len++] = (byte) c;
            } else if (c < 0x80) {
                escape(c);
            } else {
                int end = i + 1;
                while (end < n && value.charAt(end) >= 0x80) {
                    end++;
                }
                bytes(value.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        raw((byte) '"');
    }

    private void escape(char c) {
        switch (c) {
            case '"' -> ascii("\\\"");
            case '\\' -> ascii("\\\\");
            case '\n' -> ascii("\\n");
            case '\r' -> ascii("\\r");
            case '\t' -> ascii("\\t");
            default -> {
                ascii("\\u00");
                raw(HEX[c >> 4]);
                raw(HEX[c & 0xF]);
            }
        }
    }

    private void ascii(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) text.charAt(i);
        }
    }

    private void bytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void raw(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    private byte[] toBytes() {
        return Arrays.copyOf(buf, len);
    }
}
