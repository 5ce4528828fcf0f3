package dev.outpost.deploy.monitoring;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, read with a small lexer rather than a PromQL parser
 * (none is on the class path): identifiers are metric names unless they are functions (followed by
 * "("), aggregation operators, keywords or numbers; label names inside {...} and after by, without,
 * on, ignoring, group_left and group_right are not, nor is anything in a string, a comment or a range
 * or subquery [...]. A {__name__="x"} matcher selects x. Grafana variables ($job, ${job},
 * $__rate_interval) are skipped, and Grafana's label_values(selector, label) and query_result(expr)
 * variable queries are unwrapped. Names are returned as written; {@link #family} maps a histogram's
 * or summary's _bucket, _count and _sum series to the family.
 */
final class PromQlMetricNames {
    // Prometheus querying/operators §Aggregation operators; followed by "(" or by/without.
    private static final Set<String> AGGREGATIONS = Set.of(
            "sum",
            "min",
            "max",
            "avg",
            "group",
            "stddev",
            "stdvar",
            "count",
            "count_values",
            "bottomk",
            "topk",
            "quantile",
            "limitk",
            "limit_ratio");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "atan2", "bool", "offset");
    // Each may be followed by a parenthesised list of label names.
    private static final Set<String> LABEL_LIST_KEYWORDS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> NUMBER_WORDS = Set.of("inf", "nan");
    private static final Set<String> HISTOGRAM_SUFFIXES = Set.of("_bucket", "_count", "_sum");

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\s*\\((.*)\\)", Pattern.DOTALL);
    private static final Pattern QUERY_RESULT = Pattern.compile("query_result\\s*\\((.*)\\)", Pattern.DOTALL);
    private static final Pattern NO_METRIC_QUERY = Pattern.compile("(label_names|metrics)\\s*\\(.*\\)", Pattern.DOTALL);

    private final String text;
    private final Set<String> names = new TreeSet<>();
    private int at;

    private PromQlMetricNames(String text) {
        this.text = text;
    }

    /** The metric names selected by a PromQL expression. */
    static Set<String> in(String expression) {
        PromQlMetricNames lexer = new PromQlMetricNames(expression);
        lexer.scan();
        return Collections.unmodifiableSet(lexer.names);
    }

    /** The metric names in a Grafana Prometheus query or variable query. */
    static Set<String> inGrafanaQuery(String query) {
        String trimmed = query.strip();
        Matcher labelValues = LABEL_VALUES.matcher(trimmed);
        if (labelValues.matches()) {
            String arguments = labelValues.group(1);
            int comma = lastTopLevelComma(arguments);
            // label_values(label) names no metric; label_values(selector, label) selects with selector.
            return comma < 0 ? Set.of() : in(arguments.substring(0, comma));
        }
        Matcher queryResult = QUERY_RESULT.matcher(trimmed);
        if (queryResult.matches()) {
            return in(queryResult.group(1));
        }
        if (NO_METRIC_QUERY.matcher(trimmed).matches()) {
            return Set.of();
        }
        return in(trimmed);
    }

    /** The metric family a series name belongs to: a histogram's or summary's series map to it. */
    static String family(String name) {
        for (String suffix : HISTOGRAM_SUFFIXES) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    private void scan() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isWhitespace(c)) {
                at++;
            } else if (c == '#') {
                skipComment();
            } else if (c == '"' || c == '\'' || c == '`') {
                at = endOfString(text, at);
            } else if (c == '{') {
                readMatchers();
            } else if (c == '[') {
                at = endOfGroup(text, at, '[', ']');
            } else if (c == '$') {
                skipGrafanaVariable();
            } else if (startsNumber(c)) {
                skipNumber();
            } else if (startsIdentifier(c)) {
                readWord();
            } else {
                at++; // operators, parentheses, commas, @
            }
        }
    }

    private void readWord() {
        int end = endOfIdentifier(text, at);
        String word = text.substring(at, end);
        int next = skipWhitespace(text, end);
        boolean call = next < text.length() && text.charAt(next) == '(';
        if (LABEL_LIST_KEYWORDS.contains(word)) {
            at = call ? endOfGroup(text, next, '(', ')') : end;
            return;
        }
        if (!call
                && !AGGREGATIONS.contains(word)
                && !KEYWORDS.contains(word)
                && !NUMBER_WORDS.contains(word.toLowerCase())) {
            names.add(word);
        }
        at = end;
    }

    /** Label matchers: label names are no metric names, but {__name__="x"} and {"x"} select x. */
    private void readMatchers() {
        int close = endOfGroup(text, at, '{', '}') - 1;
        int i = at + 1;
        String label = null;
        String operator = null;
        while (i < close) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                int end = endOfString(text, i);
                String value = text.substring(i + 1, end - 1);
                if (operator == null || (operator.equals("=") && "__name__".equals(label))) {
                    names.add(value);
                }
                label = null;
                operator = null;
                i = end;
            } else if (startsIdentifier(c)) {
                int end = endOfIdentifier(text, i);
                label = text.substring(i, end);
                i = end;
            } else if (c == '=' || c == '!') {
                int end = i + 1;
                if (end < close && (text.charAt(end) == '=' || text.charAt(end) == '~')) {
                    end++;
                }
                operator = text.substring(i, end);
                i = end;
            } else {
                i++;
            }
        }
        at = close + 1;
    }

    private void skipComment() {
        while (at < text.length() && text.charAt(at) != '\n') {
            at++;
        }
    }

    /** $name, ${name} or ${name:format}. */
    private void skipGrafanaVariable() {
        at++;
        if (at < text.length() && text.charAt(at) == '{') {
            at = endOfGroup(text, at, '{', '}');
        } else {
            at = endOfIdentifier(text, at);
        }
    }

    /** Decimal and hexadecimal numbers with exponents, and durations such as 1h30m (after offset). */
    private void skipNumber() {
        int start = at;
        while (at < text.length()) {
            char c = text.charAt(at);
            boolean exponentSign = (c == '+' || c == '-')
                    && !text.startsWith("0x", start)
                    && (text.charAt(at - 1) == 'e' || text.charAt(at - 1) == 'E');
            if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || exponentSign) {
                at++;
            } else {
                break;
            }
        }
    }

    private boolean startsNumber(char c) {
        return Character.isDigit(c) || (c == '.' && at + 1 < text.length() && Character.isDigit(text.charAt(at + 1)));
    }

    private static boolean startsIdentifier(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static int endOfIdentifier(String text, int from) {
        int i = from;
        while (i < text.length()
                && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == ':')) {
            i++;
        }
        return i;
    }

    private static int skipWhitespace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The index after a string that starts at from; backslash escapes except in `raw` strings. */
    private static int endOfString(String text, int from) {
        char quote = text.charAt(from);
        int i = from + 1;
        while (i < text.length() && text.charAt(i) != quote) {
            i += (text.charAt(i) == '\\' && quote != '`') ? 2 : 1;
        }
        if (i >= text.length()) {
            throw new IllegalArgumentException("unterminated string at " + from + " in: " + text);
        }
        return i + 1;
    }

    /** The index after the close that balances the open at from, strings skipped. */
    private static int endOfGroup(String text, int from, char open, char close) {
        int depth = 0;
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = endOfString(text, i);
                continue;
            }
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException("unbalanced '" + open + "' at " + from + " in: " + text);
    }

    private static int lastTopLevelComma(String text) {
        int depth = 0;
        int last = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = endOfString(text, i) - 1;
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                last = i;
            }
        }
        return last;
    }
}
