package io.quant4j.data.npy;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the restricted Python literal of a {@code .npy} header: one dict whose keys are strings
 * and whose values are strings, {@code True}/{@code False}/{@code None}, integers (an old
 * {@code L} suffix allowed), tuples and lists of those. Whitespace may appear between tokens,
 * trailing commas are allowed, and {@code (5)} is the integer 5, not a tuple, as in Python.
 * Anything else is an {@link NpyFormatException} at the byte offset of the offending character.
 */
final class PyLiteral {
    /** A Python tuple. */
    record Tuple(List<Value> items) {}

    /** A Python list. */
    record PyList(List<Value> items) {}

    /** A parsed value and the index of its first character in the header text. */
    record Value(Object value, int at) {}

    private static final String HINT = "The header is not a Python dict literal as numpy writes it; re-create the file"
            + " with numpy.save (or quant4j's NpyWriter).";

    private final String text;
    private final Path file;
    private final long start;
    private final Charset charset;
    private int pos;
    private Map<String, Value> entries;

    private PyLiteral(String text, Path file, long start, Charset charset) {
        this.text = text;
        this.file = file;
        this.start = start;
        this.charset = charset;
    }

    /**
     * Parses {@code text} (the whole header, trailing padding included) as a dict.
     *
     * @param file the file, for errors
     * @param start byte offset of the header's first character in the file
     * @param charset the header's encoding (Latin-1 for versions 1 and 2, UTF-8 for 3)
     * @return the parsed header; {@link #entries()} holds the dict
     */
    static PyLiteral parseDict(String text, Path file, long start, Charset charset) {
        PyLiteral p = new PyLiteral(text, file, start, charset);
        p.skipSpace();
        p.entries = p.dict();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("expected only spaces and a newline after the header dict, found " + p.describe());
        }
        return p;
    }

    /** The dict's entries in file order. */
    Map<String, Value> entries() {
        return entries;
    }

    /** Byte offset in the file of character {@code index} of the header text. */
    long offsetOf(int index) {
        return start + text.substring(0, Math.min(index, text.length())).getBytes(charset).length;
    }

    private Map<String, Value> dict() {
        expect('{', "'{' opening the header dict");
        Map<String, Value> out = new LinkedHashMap<>();
        skipSpace();
        while (peek() != '}') {
            int keyAt = pos;
            if (peek() != '\'' && peek() != '"') {
                throw error("expected a quoted key or '}', found " + describe());
            }
            String key = string();
            skipSpace();
            expect(':', "':' after the key '" + key + "'");
            skipSpace();
            Value v = value();
            if (out.put(key, v) != null) {
                throw error(keyAt, "expected each key once, found '" + key + "' twice");
            }
            skipSpace();
            if (peek() == ',') {
                pos++;
                skipSpace();
            } else if (peek() != '}') {
                throw error("expected ',' or '}' after the value of '" + key + "', found " + describe());
            }
        }
        pos++;
        return out;
    }

    private Value value() {
        int at = pos;
        char c = peek();
        if (c == '\'' || c == '"') {
            return new Value(string(), at);
        }
        if (c == '(') {
            return sequence(')');
        }
        if (c == '[') {
            return sequence(']');
        }
        if (c == '-' || c == '+' || isDigit(c)) {
            return new Value(integer(), at);
        }
        if (Character.isLetter(c)) {
            while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
                pos++;
            }
            String word = text.substring(at, pos);
            switch (word) {
                case "True": return new Value(Boolean.TRUE, at);
                case "False": return new Value(Boolean.FALSE, at);
                case "None": return new Value(null, at);
                default: throw error(at, "expected a string, number, True, False, None, tuple or list, found '" + word + "'");
            }
        }
        throw error("expected a string, number, True, False, None, tuple or list, found " + describe());
    }

    /** A tuple ({@code close == ')'}) or list; {@code (x)} without a comma is just {@code x}. */
    private Value sequence(char close) {
        int at = pos;
        pos++;
        List<Value> items = new ArrayList<>();
        boolean comma = false;
        skipSpace();
        while (peek() != close) {
            items.add(value());
            skipSpace();
            if (peek() == ',') {
                comma = true;
                pos++;
                skipSpace();
            } else if (peek() != close) {
                throw error("expected ',' or '" + close + "', found " + describe());
            }
        }
        pos++;
        if (close == ']') {
            return new Value(new PyList(items), at);
        }
        if (items.size() == 1 && !comma) {
            return items.get(0);
        }
        return new Value(new Tuple(items), at);
    }

    private Long integer() {
        int at = pos;
        if (peek() == '-' || peek() == '+') {
            pos++;
        }
        int digits = pos;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos == digits) {
            throw error("expected digits after the sign, found " + describe());
        }
        String number = text.substring(at, pos);
        if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
            pos++; // Python 2 long, as old numpy versions wrote shapes
        }
        if (pos < text.length() && (text.charAt(pos) == '.' || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            throw error(at, "expected an integer, found a floating-point number");
        }
        try {
            return Long.parseLong(number.startsWith("+") ? number.substring(1) : number);
        } catch (NumberFormatException e) {
            throw error(at, "expected an integer that fits 64 bits, found " + number);
        }
    }

    private String string() {
        char quote = text.charAt(pos);
        int at = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                throw error(at, "expected the closing " + quote + " of the string starting here, found the end of the line");
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\' && pos < text.length()) {
                char e = text.charAt(pos++);
                sb.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
            } else {
                sb.append(c);
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void expect(char c, String what) {
        if (peek() != c) {
            throw error("expected " + what + ", found " + describe());
        }
        pos++;
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("expected more of the header dict, found the end of the header (" + text.length() + " characters)");
        }
        return text.charAt(pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private String describe() {
        if (pos >= text.length()) {
            return "the end of the header";
        }
        char c = text.charAt(pos);
        return c < 0x20 || c == 0x7f ? String.format("byte 0x%02x", (int) c) : "'" + c + "'";
    }

    private NpyFormatException error(String problem) {
        return error(pos, problem);
    }

    private NpyFormatException error(int index, String problem) {
        return new NpyFormatException("malformed .npy header: " + problem, file, offsetOf(index), HINT, null);
    }
}
