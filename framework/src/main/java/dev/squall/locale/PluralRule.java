package dev.squall.locale;

import java.util.function.LongUnaryOperator;

/**
 * A gettext {@code Plural-Forms} rule: {@code nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : ...);}. The
 * expression is C syntax over {@code n} (integers, {@code ?:}, {@code || && == != < > <= >= + - * / %},
 * {@code !}, unary minus, parentheses); it is parsed once into a tree of small functions and evaluated with
 * no script engine, so a catalog cannot run code. Hand-written (a recursive-descent parser of 100 lines)
 * because the JDK has no safe evaluator and a dependency for this would be larger than the parser.
 *
 * @param count the number of plural forms
 * @param rule the parsed expression: the index of the form for {@code n}
 * @param text the header value it was parsed from
 */
record PluralRule(int count, LongUnaryOperator rule, String text) {
    /** Longer expressions are refused: real ones are under 200 characters. */
    static final int MAX_LENGTH = 1000;

    private static final int MAX_DEPTH = 64;

    /** English and most Germanic languages: {@code nplurals=2; plural=(n != 1);}. */
    static final PluralRule GERMANIC = parse("nplurals=2; plural=(n != 1);");

    /** Returns the index of the plural form for {@code n}: 0 to {@code count() - 1} for well-formed rules. */
    int formFor(long n) {
        long v = rule.applyAsLong(n);
        return v < 0 || v >= count ? 0 : (int) v;
    }

    /**
     * Parses a {@code Plural-Forms} header value.
     *
     * @throws IllegalArgumentException naming what is wrong and where
     */
    static PluralRule parse(String header) {
        if (header.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("Plural-Forms is longer than " + MAX_LENGTH + " characters");
        }
        int np = header.indexOf("nplurals=");
        int p = header.indexOf("plural=", np < 0 ? 0 : np + 9);
        if (np < 0 || p < 0) {
            throw new IllegalArgumentException(
                    "Plural-Forms must read \"nplurals=N; plural=EXPRESSION;\", got \"" + header + "\"");
        }
        int end = header.indexOf(';', np);
        int nplurals;
        try {
            nplurals = Integer.parseInt(
                    header.substring(np + 9, end < 0 ? header.length() : end).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Plural-Forms has a bad nplurals in \"" + header + "\"");
        }
        if (nplurals < 1 || nplurals > 16) {
            throw new IllegalArgumentException("Plural-Forms nplurals must be 1..16, got " + nplurals);
        }
        String expr = header.substring(p + 7).strip();
        if (expr.endsWith(";")) {
            expr = expr.substring(0, expr.length() - 1);
        }
        Parser parser = new Parser(expr);
        LongUnaryOperator op = parser.ternary(0);
        parser.skipSpace();
        if (parser.pos != expr.length()) {
            throw parser.error("unexpected '" + expr.charAt(parser.pos) + "'");
        }
        return new PluralRule(nplurals, op, header);
    }

    @Override
    public String toString() {
        return text;
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("bad Plural-Forms expression \"" + s + "\": " + what + " at " + pos);
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        boolean eat(String token) {
            skipSpace();
            if (s.startsWith(token, pos)) {
                // "<" must not eat the start of "<=", "!" not of "!=", "=" is only part of "==".
                if (token.length() == 1
                        && pos + 1 < s.length()
                        && s.charAt(pos + 1) == '='
                        && (token.equals("<") || token.equals(">") || token.equals("!"))) {
                    return false;
                }
                pos += token.length();
                return true;
            }
            return false;
        }

        LongUnaryOperator ternary(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested too deeply");
            }
            LongUnaryOperator cond = binary(0, depth);
            if (eat("?")) {
                LongUnaryOperator yes = ternary(depth + 1);
                if (!eat(":")) {
                    throw error("expected ':'");
                }
                LongUnaryOperator no = ternary(depth + 1);
                return n -> cond.applyAsLong(n) != 0 ? yes.applyAsLong(n) : no.applyAsLong(n);
            }
            return cond;
        }

        private static final String[][] LEVELS = {
            {"||"}, {"&&"}, {"==", "!="}, {"<=", ">=", "<", ">"}, {"+", "-"}, {"*", "/", "%"},
        };

        LongUnaryOperator binary(int level, int depth) {
            if (level == LEVELS.length) {
                return unary(depth);
            }
            LongUnaryOperator left = binary(level + 1, depth);
            outer:
            while (true) {
                for (String op : LEVELS[level]) {
                    if (eat(op)) {
                        LongUnaryOperator l = left;
                        LongUnaryOperator r = binary(level + 1, depth);
                        left = combine(op, l, r);
                        continue outer;
                    }
                }
                return left;
            }
        }

        private LongUnaryOperator combine(String op, LongUnaryOperator l, LongUnaryOperator r) {
            return switch (op) {
                case "||" -> n -> l.applyAsLong(n) != 0 || r.applyAsLong(n) != 0 ? 1 : 0;
                case "&&" -> n -> l.applyAsLong(n) != 0 && r.applyAsLong(n) != 0 ? 1 : 0;
                case "==" -> n -> l.applyAsLong(n) == r.applyAsLong(n) ? 1 : 0;
                case "!=" -> n -> l.applyAsLong(n) != r.applyAsLong(n) ? 1 : 0;
                case "<=" -> n -> l.applyAsLong(n) <= r.applyAsLong(n) ? 1 : 0;
                case ">=" -> n -> l.applyAsLong(n) >= r.applyAsLong(n) ? 1 : 0;
                case "<" -> n -> l.applyAsLong(n) < r.applyAsLong(n) ? 1 : 0;
                case ">" -> n -> l.applyAsLong(n) > r.applyAsLong(n) ? 1 : 0;
                case "+" -> n -> l.applyAsLong(n) + r.applyAsLong(n);
                case "-" -> n -> l.applyAsLong(n) - r.applyAsLong(n);
                case "*" -> n -> l.applyAsLong(n) * r.applyAsLong(n);
                case "/" ->
                    n -> {
                        long d = r.applyAsLong(n);
                        return d == 0 ? 0 : l.applyAsLong(n) / d; // a rule never divides by zero; do not throw
                    };
                default ->
                    n -> {
                        long d = r.applyAsLong(n);
                        return d == 0 ? 0 : l.applyAsLong(n) % d;
                    };
            };
        }

        LongUnaryOperator unary(int depth) {
            if (eat("!")) {
                LongUnaryOperator v = unary(depth + 1);
                return n -> v.applyAsLong(n) == 0 ? 1 : 0;
            }
            if (eat("-")) {
                LongUnaryOperator v = unary(depth + 1);
                return n -> -v.applyAsLong(n);
            }
            if (eat("(")) {
                LongUnaryOperator v = ternary(depth + 1);
                if (!eat(")")) {
                    throw error("expected ')'");
                }
                return v;
            }
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == 'n') {
                pos++;
                return n -> n;
            }
            int start = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            if (start == pos || pos - start > 9) {
                throw error(start == pos ? "expected n, a number or '('" : "number too long");
            }
            long value = Long.parseLong(s.substring(start, pos));
            return n -> value;
        }
    }
}
