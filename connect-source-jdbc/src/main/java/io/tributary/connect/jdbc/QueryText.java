package io.tributary.connect.jdbc;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Whether SQL text the user gives (query, query.suffix) stays one part of the one statement the connector builds
 * around it: no ';' that ends the statement, no ')' that closes the connector's own parenthesis, nothing left open
 * that would swallow what the connector appends. It reads the text as PostgreSQL's lexer does, so that a ';' or a
 * parenthesis inside a string ('...', E'...', $tag$...$tag$), a quoted identifier or a comment counts for nothing.
 * It does not parse SQL: anything else is the database's to judge.
 */
final class QueryText {

    enum Kind {
        /** A ';' and more SQL after it. */
        SECOND_STATEMENT,
        /** A ';' with nothing but blanks and comments after it. */
        TRAILING_SEMICOLON,
        /** A ')' without its '('. */
        UNOPENED_PARENTHESIS,
        /** A '(', string, quoted identifier or block comment that the text does not close. */
        UNCLOSED
    }

    /**
     * @param position 1-based character where the problem starts
     * @param what     for {@link Kind#UNCLOSED}: what is left open, e.g. "string"
     */
    record Problem(Kind kind, int position, String what) {
    }

    private final String text;
    private int at;

    private QueryText(String text) {
        this.text = text;
    }

    /** The first problem of the text; empty when it stays inside the statement. */
    static Optional<Problem> check(String text) {
        return new QueryText(text).scan();
    }

    private Optional<Problem> scan() {
        Deque<Integer> open = new ArrayDeque<>();
        while (at < text.length()) {
            char c = text.charAt(at);
            int start = at;
            if (c == '-' && next() == '-') {
                skipLineComment(); // one at the very end is fine: the connector goes on on a new line
            } else if (c == '/' && next() == '*') {
                if (!skipBlockComment()) {
                    return unclosed(start, "comment /*");
                }
            } else if (c == '\'') {
                if (!skipQuoted('\'', isEscapeStringPrefix(start))) {
                    return unclosed(start, "string");
                }
            } else if (c == '"') {
                if (!skipQuoted('"', false)) {
                    return unclosed(start, "quoted identifier");
                }
            } else if (c == '$' && startsDollarQuote()) {
                if (!skipDollarQuoted()) {
                    return unclosed(start, "dollar-quoted string");
                }
            } else if (isIdentifierChar(c)) {
                skipWord(); // so that a '$' inside a name (a$b) is no dollar quote
            } else {
                if (c == '(') {
                    open.push(start);
                } else if (c == ')') {
                    if (open.isEmpty()) {
                        return Optional.of(new Problem(Kind.UNOPENED_PARENTHESIS, start + 1, null));
                    }
                    open.pop();
                } else if (c == ';') {
                    at++;
                    Kind kind = onlyBlanksAndCommentsFollow() ? Kind.TRAILING_SEMICOLON : Kind.SECOND_STATEMENT;
                    return Optional.of(new Problem(kind, start + 1, null));
                }
                at++;
            }
        }
        return open.isEmpty() ? Optional.empty() : unclosed(open.peek(), "parenthesis");
    }

    private char next() {
        return at + 1 < text.length() ? text.charAt(at + 1) : 0;
    }

    private void skipLineComment() {
        int end = text.indexOf('\n', at);
        at = end < 0 ? text.length() : end + 1;
    }

    /** PostgreSQL's block comments nest. */
    private boolean skipBlockComment() {
        int depth = 0;
        while (at < text.length()) {
            if (text.startsWith("/*", at)) {
                depth++;
                at += 2;
            } else if (text.startsWith("*/", at)) {
                depth--;
                at += 2;
                if (depth == 0) {
                    return true;
                }
            } else {
                at++;
            }
        }
        return false;
    }

    /** A quoted string or identifier: a doubled quote stands for itself, and in E'...' a backslash escapes. */
    private boolean skipQuoted(char quote, boolean backslashEscapes) {
        at++;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (backslashEscapes && c == '\\') {
                at += 2;
            } else if (c == quote) {
                if (next() != quote) {
                    at++;
                    return true;
                }
                at += 2;
            } else {
                at++;
            }
        }
        return false;
    }

    private boolean isEscapeStringPrefix(int quote) {
        return quote > 0 && (text.charAt(quote - 1) == 'E' || text.charAt(quote - 1) == 'e')
                && (quote == 1 || !isIdentifierChar(text.charAt(quote - 2)));
    }

    /** $$ or $tag$, where the tag is a name that does not start with a digit ($1 is a parameter). */
    private boolean startsDollarQuote() {
        int end = dollarTagEnd();
        return end > 0;
    }

    /** The index just past a dollar quote's opening tag at {@link #at}, or -1. */
    private int dollarTagEnd() {
        int i = at + 1;
        if (i < text.length() && Character.isDigit(text.charAt(i))) {
            return -1;
        }
        while (i < text.length() && text.charAt(i) != '$') {
            char c = text.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return -1;
            }
            i++;
        }
        return i < text.length() ? i + 1 : -1;
    }

    private boolean skipDollarQuoted() {
        int bodyStart = dollarTagEnd();
        String tag = text.substring(at, bodyStart);
        int close = text.indexOf(tag, bodyStart);
        if (close < 0) {
            at = text.length();
            return false;
        }
        at = close + tag.length();
        return true;
    }

    private void skipWord() {
        while (at < text.length() && (isIdentifierChar(text.charAt(at)) || text.charAt(at) == '$')) {
            at++;
        }
    }

    private static boolean isIdentifierChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private boolean onlyBlanksAndCommentsFollow() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isWhitespace(c)) {
                at++;
            } else if (c == '-' && next() == '-') {
                skipLineComment();
            } else if (c == '/' && next() == '*') {
                if (!skipBlockComment()) {
                    return true; // an unclosed comment after the ';' is still no second statement
                }
            } else {
                return false;
            }
        }
        return true;
    }

    private static Optional<Problem> unclosed(int start, String what) {
        return Optional.of(new Problem(Kind.UNCLOSED, start + 1, what));
    }
}
