package io.quant4j.data.text;

import io.quant4j.errors.Quant4jException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The classes of a CTC text recognizer, as PaddleOCR's {@code CTCLabelDecode} numbers them:
 * class 0 is the blank, classes {@code 1 .. n} are the dictionary's symbols in file order, and
 * with {@code use_space_char} class {@code n + 1} is the space. PP-OCRv4's
 * {@code ppocr_keys_v1.txt} holds 6623 symbols, so its recognizer has {@code 1 + 6623 + 1 = 6625}
 * classes.
 *
 * <p>Greedy decoding ({@link #decodeGreedy}): take the most probable class at every time step,
 * merge runs of the same class, drop blanks:
 * {@code [-, a, a, -, a, b, b] -> "aab"} (blank written {@code -}).
 */
public final class CtcAlphabet {
    private final List<String> symbols;
    private final Map<String, Integer> index;

    private CtcAlphabet(List<String> symbols) {
        this.symbols = List.copyOf(symbols);
        this.index = new HashMap<>();
        for (int i = this.symbols.size() - 1; i >= 1; i--) {
            index.put(this.symbols.get(i), i);
        }
    }

    /**
     * The alphabet of a dictionary.
     *
     * @param dictionary the symbols, in class order (one or more characters each, not empty)
     * @param spaceClass whether a space class follows them ({@code use_space_char})
     */
    public static CtcAlphabet of(List<String> dictionary, boolean spaceClass) {
        if (dictionary.isEmpty()) {
            throw new IllegalArgumentException("expected at least one symbol in the dictionary, found none");
        }
        List<String> s = new ArrayList<>(dictionary.size() + 2);
        s.add("");
        for (int i = 0; i < dictionary.size(); i++) {
            String sym = dictionary.get(i);
            if (sym == null || sym.isEmpty()) {
                throw new IllegalArgumentException("expected a non-empty symbol at dictionary index " + i + ", found "
                        + (sym == null ? "null" : "an empty string"));
            }
            s.add(sym);
        }
        if (spaceClass) {
            s.add(" ");
        }
        return new CtcAlphabet(s);
    }

    /**
     * Reads a PaddleOCR dictionary file: UTF-8, one symbol per line ({@code \n} or {@code \r\n}),
     * no empty line (a final line break is allowed).
     *
     * @throws Quant4jException naming the file and line when it cannot be read or holds an empty line
     */
    public static CtcAlphabet read(Path dictionary, boolean spaceClass) {
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(dictionary))).toString();
        } catch (CharacterCodingException e) {
            throw new Quant4jException("expected a UTF-8 dictionary, found bytes that are not UTF-8", dictionary.toString(),
                    "Give PaddleOCR's dictionary file (e.g. ppocr_keys_v1.txt) as distributed.", e);
        } catch (IOException e) {
            throw new Quant4jException("expected a readable dictionary file, found " + e, dictionary.toString(),
                    "Check the path; run tools/models/fetch-ocr-models for PaddleOCR's files.", e);
        }
        String[] lines = content.split("\n", -1);
        int n = lines.length > 0 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
        if (n == 0) {
            throw new Quant4jException("expected one symbol per line, found an empty file", dictionary.toString(),
                    "Give PaddleOCR's dictionary file (e.g. ppocr_keys_v1.txt) as distributed.", null);
        }
        List<String> symbols = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String sym = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (sym.isEmpty()) {
                throw new Quant4jException("expected one symbol per line, found an empty line", dictionary + ":" + (i + 1),
                        "Remove the empty line.", null);
            }
            symbols.add(sym);
        }
        return of(symbols, spaceClass);
    }

    /** The number of classes, blank included. */
    public int size() {
        return symbols.size();
    }

    /** The string of class {@code cls} (the blank is the empty string). */
    public String symbol(int cls) {
        return symbols.get(cls);
    }

    /** The class of a symbol (its first occurrence), or -1 when the alphabet lacks it. */
    public int classOf(String symbol) {
        return index.getOrDefault(symbol, -1);
    }

    /** Whether every character of {@code text} is a symbol of this alphabet. */
    public boolean canSpell(String text) {
        return text.codePoints().allMatch(cp -> index.containsKey(new String(Character.toChars(cp))));
    }

    /**
     * Greedy CTC decoding of one sequence.
     *
     * @param probs scores, {@code steps x size()} row-major from {@code offset} (probabilities or logits)
     * @param offset index of step 0, class 0
     * @param steps time steps
     */
    public String decodeGreedy(float[] probs, int offset, int steps) {
        StringBuilder sb = new StringBuilder();
        for (int cls : greedyPath(probs, offset, steps, symbols.size())) {
            sb.append(symbols.get(cls));
        }
        return sb.toString();
    }

    /**
     * The classes greedy decoding keeps, without an alphabet: the most probable class of every
     * step, runs merged, blanks (class 0) dropped. Two outputs whose paths are equal decode to the
     * same string under any dictionary.
     *
     * @param probs scores {@code steps x classes}, row-major by step, from {@code offset}
     */
    public static int[] greedyPath(float[] probs, int offset, int steps, int classes) {
        if (classes < 1 || offset < 0 || steps < 0 || (long) offset + (long) steps * classes > probs.length) {
            throw new IllegalArgumentException("expected " + steps + " x " + classes + " scores from offset " + offset
                    + ", found an array of " + probs.length);
        }
        int[] kept = new int[steps];
        int n = 0;
        int previous = -1;
        for (int t = 0; t < steps; t++) {
            int base = offset + t * classes;
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (probs[base + k] > probs[base + best]) {
                    best = k;
                }
            }
            if (best != 0 && best != previous) {
                kept[n++] = best;
            }
            previous = best;
        }
        return java.util.Arrays.copyOf(kept, n);
    }
}
