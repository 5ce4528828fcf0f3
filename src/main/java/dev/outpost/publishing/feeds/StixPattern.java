package dev.outpost.publishing.feeds;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.outpost.reputation.InvalidInputException;

/**
 * A STIX 2.1 pattern (STIX 2.1 §9, Patterning) parsed into what Outpost can hold: alternatives, each
 * a conjunction of comparisons within one observation. {@code [a = 'x' OR b = 'y']} and {@code [a =
 * 'x'] OR [b = 'y']} are two alternatives, {@code [a = 'x' AND b = 'y']} is one of two comparisons,
 * and {@code IN ('x', 'y')} is one alternative per value. What a record cannot express — an AND or
 * FOLLOWEDBY between observations, a qualifier (WITHIN, REPEATS, START/STOP), a negation — makes
 * its alternative unmappable (empty): it is counted, never stretched into a broader record.
 *
 * <p>The grammar follows the OASIS STIX pattern grammar: keywords in any case, object paths such as
 * {@code file:hashes.'SHA-256'}, string literals in single quotes with {@code \'} and {@code \\}
 * escapes, and other literals (numbers, booleans, {@code t'…'}, {@code h'…'}, {@code b'…'}), which
 * are parsed but never matched by a record.
 */
final class StixPattern {
    /** One comparison: {@code objectType:property operator value}; value null for a non-string literal. */
    record Comparison(String objectType, String property, String operator, String value) {}

    /**
     * The pattern's alternatives; any one of them matching matches the pattern. An empty
     * alternative stands for one Outpost cannot hold.
     */
    record Parsed(List<List<Comparison>> alternatives) {}

    private static final Set<String> COMPARISON_OPERATORS = Set.of("=", "!=", "<", "<=", ">", ">=");
    private static final Set<String> WORD_OPERATORS = Set.of("LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET");

    private final String text;
    private int position;
    /** Open brackets and parentheses: the parser recurses once per level, so the depth is bounded. */
    private int depth;
    /** Comparisons copied into AND products so far: a long AND chain multiplies copies, so they are bounded. */
    private long copied;

    /** Deeper nesting than any real indicator uses; a hostile one would otherwise overflow the stack. */
    static final int MAX_NESTING = 32;

    /** Comparisons an AND product may copy in one pattern. */
    static final long MAX_COPIED_COMPARISONS = 1_000_000;

    private StixPattern(String text) {
        this.text = text;
    }

    static Parsed parse(String pattern) {
        if (pattern.length() > FeedLimits.MAX_PATTERN_CHARS) {
            throw invalid("the pattern is longer than " + FeedLimits.MAX_PATTERN_CHARS + " characters", pattern);
        }
        StixPattern parser = new StixPattern(pattern);
        List<List<Comparison>> alternatives = parser.observations();
        parser.skipBlanks();
        if (parser.position < pattern.length()) {
            throw parser.error("unexpected '" + parser.rest() + "'");
        }
        return new Parsed(List.copyOf(alternatives));
    }

    // observationExpressions: or-expressions joined by FOLLOWEDBY
    private List<List<Comparison>> observations() {
        List<List<Comparison>> result = observationOr();
        while (keyword("FOLLOWEDBY")) {
            observationOr();
            result = unmappable(result);
        }
        return result;
    }

    private List<List<Comparison>> observationOr() {
        List<List<Comparison>> result = new ArrayList<>(observationAnd());
        while (keyword("OR")) {
            result.addAll(observationAnd());
            checkSize(result.size());
        }
        return result;
    }

    private List<List<Comparison>> observationAnd() {
        List<List<Comparison>> result = observation();
        while (keyword("AND")) {
            observation();
            result = unmappable(result);
        }
        return result;
    }

    private List<List<Comparison>> observation() {
        List<List<Comparison>> result;
        if (symbol("[")) {
            enter();
            result = comparisonOr();
            require("]");
            depth--;
        } else if (symbol("(")) {
            enter();
            result = observations();
            require(")");
            depth--;
        } else {
            throw error("expected '[' or '('");
        }
        boolean qualified = false;
        while (qualifier()) {
            qualified = true;
        }
        return qualified ? unmappable(result) : result;
    }

    /** START t'…' STOP t'…', WITHIN n SECONDS, REPEATS n TIMES: true if one was read. */
    private boolean qualifier() {
        if (keyword("START")) {
            literal();
            requireKeyword("STOP");
            literal();
            return true;
        }
        if (keyword("WITHIN")) {
            literal();
            requireKeyword("SECONDS");
            return true;
        }
        if (keyword("REPEATS")) {
            literal();
            requireKeyword("TIMES");
            return true;
        }
        return false;
    }

    private List<List<Comparison>> comparisonOr() {
        List<List<Comparison>> result = new ArrayList<>(comparisonAnd());
        while (keyword("OR")) {
            result.addAll(comparisonAnd());
            checkSize(result.size());
        }
        return result;
    }

    private List<List<Comparison>> comparisonAnd() {
        List<List<Comparison>> result = test();
        while (keyword("AND")) {
            List<List<Comparison>> right = test();
            List<List<Comparison>> product = new ArrayList<>();
            checkSize((long) result.size() * right.size());
            for (List<Comparison> left : result) {
                for (List<Comparison> other : right) {
                    if (left.isEmpty() || other.isEmpty()) {
                        product.add(List.of());
                    } else {
                        copied += left.size() + other.size();
                        if (copied > MAX_COPIED_COMPARISONS) {
                            throw invalid("the pattern's AND chain is too long to expand", text);
                        }
                        List<Comparison> both = new ArrayList<>(left);
                        both.addAll(other);
                        product.add(both);
                    }
                }
            }
            result = product;
        }
        return result;
    }

    /** One property test, or a parenthesized comparison expression. */
    private List<List<Comparison>> test() {
        if (symbol("(")) {
            enter();
            List<List<Comparison>> inner = comparisonOr();
            require(")");
            depth--;
            return inner;
        }
        if (keyword("EXISTS")) {
            path();
            return unmappableOne();
        }
        String[] path = path();
        boolean negated = keyword("NOT");
        String operator = operator();
        List<String> values = new ArrayList<>();
        if (operator.equals("IN")) {
            require("(");
            do {
                values.add(literal());
            } while (symbol(","));
            require(")");
        } else {
            values.add(literal());
        }
        List<List<Comparison>> result = new ArrayList<>();
        for (String value : values) {
            result.add(
                    negated
                            ? List.of()
                            : List.of(new Comparison(path[0], path[1], operator.equals("IN") ? "=" : operator, value)));
        }
        checkSize(result.size());
        return result;
    }

    private String operator() {
        skipBlanks();
        for (String symbol : List.of("!=", "<=", ">=", "=", "<", ">")) {
            if (text.startsWith(symbol, position)) {
                position += symbol.length();
                return symbol;
            }
        }
        for (String word : WORD_OPERATORS) {
            if (keyword(word)) {
                return word;
            }
        }
        if (keyword("IN")) {
            return "IN";
        }
        throw error("expected a comparison operator");
    }

    /** {@code object-type:property.path}; returns the object type (lower case) and the property path. */
    private String[] path() {
        skipBlanks();
        int start = position;
        while (position < text.length() && isIdentifierChar(text.charAt(position))) {
            position++;
        }
        if (position == start || position >= text.length() || text.charAt(position) != ':') {
            throw error("expected an object path such as file:hashes.'SHA-256'");
        }
        String objectType = text.substring(start, position).toLowerCase(Locale.ROOT);
        position++;
        StringBuilder property = new StringBuilder();
        while (position < text.length()) {
            char c = text.charAt(position);
            if (isIdentifierChar(c) || c == '.') {
                property.append(c);
                position++;
            } else if (c == '\'') {
                property.append('\'').append(quoted()).append('\'');
            } else if (c == '[') {
                int close = text.indexOf(']', position);
                if (close < 0) {
                    throw error("unclosed '[' in an object path");
                }
                property.append(text, position, close + 1);
                position = close + 1;
            } else {
                break;
            }
        }
        if (property.isEmpty()) {
            throw error("expected a property after '" + objectType + ":'");
        }
        return new String[] {objectType, property.toString()};
    }

    /** A literal: the text of a string literal, null for any other kind. */
    private String literal() {
        skipBlanks();
        if (position >= text.length()) {
            throw error("expected a value");
        }
        char c = text.charAt(position);
        if (c == '\'') {
            return quoted();
        }
        if ((c == 't' || c == 'h' || c == 'b') && position + 1 < text.length() && text.charAt(position + 1) == '\'') {
            position++;
            quoted();
            return null;
        }
        int start = position;
        while (position < text.length()
                && (isIdentifierChar(text.charAt(position))
                        || text.charAt(position) == '.'
                        || text.charAt(position) == '+')) {
            position++;
        }
        if (position == start) {
            throw error("expected a value");
        }
        return null;
    }

    /** A single-quoted string at the current position, unescaped. */
    private String quoted() {
        StringBuilder value = new StringBuilder();
        position++;
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == '\\' && position < text.length()) {
                char escaped = text.charAt(position++);
                if (escaped != '\'' && escaped != '\\') {
                    throw error("only \\' and \\\\ may be escaped in a string");
                }
                value.append(escaped);
            } else if (c == '\'') {
                return value.toString();
            } else {
                value.append(c);
            }
        }
        throw error("a string has no closing quote");
    }

    private boolean keyword(String word) {
        skipBlanks();
        int end = position + word.length();
        if (end <= text.length()
                && text.regionMatches(true, position, word, 0, word.length())
                && (end == text.length() || !isIdentifierChar(text.charAt(end)))) {
            position = end;
            return true;
        }
        return false;
    }

    private void requireKeyword(String word) {
        if (!keyword(word)) {
            throw error("expected " + word);
        }
    }

    private boolean symbol(String symbol) {
        skipBlanks();
        if (text.startsWith(symbol, position)) {
            position += symbol.length();
            return true;
        }
        return false;
    }

    private void require(String symbol) {
        if (!symbol(symbol)) {
            throw error("expected '" + symbol + "'");
        }
    }

    private void skipBlanks() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private static boolean isIdentifierChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** The alternatives of an expression Outpost cannot hold: one unmappable alternative stands for them. */
    private static List<List<Comparison>> unmappable(List<List<Comparison>> ignored) {
        return unmappableOne();
    }

    private static List<List<Comparison>> unmappableOne() {
        List<List<Comparison>> result = new ArrayList<>();
        result.add(List.of());
        return result;
    }

    private void enter() {
        if (++depth > MAX_NESTING) {
            throw invalid("the pattern nests brackets or parentheses more than " + MAX_NESTING + " deep", text);
        }
    }

    private void checkSize(long alternatives) {
        if (alternatives > FeedLimits.MAX_PATTERN_ALTERNATIVES) {
            throw invalid("the pattern has more than " + FeedLimits.MAX_PATTERN_ALTERNATIVES + " alternatives", text);
        }
    }

    private String rest() {
        return text.substring(position, Math.min(text.length(), position + 20));
    }

    private InvalidInputException error(String detail) {
        return invalid("pattern: " + detail + " at character " + (position + 1), text);
    }

    private static InvalidInputException invalid(String detail, String pattern) {
        return new InvalidInputException("invalid-pattern", detail, pattern);
    }
}
