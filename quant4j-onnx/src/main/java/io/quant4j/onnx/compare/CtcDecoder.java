package io.quant4j.onnx.compare;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Greedy (best-path) CTC decoding of a recognizer's output {@code [N, T, C]}: take the argmax class
 * of every time step, merge runs of the same class, drop the blank, map the rest to characters.
 * <pre>
 *   steps  : 0 1 1 0 1 2 2 4 3        (class per step, 0 = blank)
 *   merged : 0 1   0 1 2   4 3
 *   kept   :   1     1 2   4 3        -> "a" "a" "b" " " "c" = "aab c"   (classes: blank, a, b, c, space)
 * </pre>
 * The class table follows PaddleOCR's {@code CTCLabelDecode} with {@code use_space_char}: class 0
 * is the blank, classes {@code 1..k} are the {@code k} lines of the character dictionary (e.g.
 * {@code ppocr_keys_v1.txt}, 6,623 lines), and class {@code k + 1} is a space, so the model has
 * {@code C = k + 2} classes (6,625 for PP-OCRv4's Chinese recognizer).
 */
public final class CtcDecoder {
    private final List<String> symbols;
    private final String source;

    private CtcDecoder(List<String> symbols, String source) {
        this.symbols = List.copyOf(symbols);
        this.source = source;
    }

    /** Blank, then {@code characters}, then a space (PaddleOCR's {@code use_space_char}). */
    public static CtcDecoder paddleOcr(List<String> characters, String source) {
        if (characters.isEmpty()) {
            throw new IllegalArgumentException("expected at least one character in the dictionary " + source + ", found none");
        }
        List<String> s = new ArrayList<>(characters.size() + 2);
        s.add("");
        s.addAll(characters);
        s.add(" ");
        return new CtcDecoder(s, source);
    }

    /**
     * Reads a PaddleOCR character dictionary: UTF-8, one character (or string) per line, line ends
     * stripped as PaddleOCR does ({@code \n}, {@code \r\n}), nothing else.
     *
     * @throws CtcKeysException when the file cannot be read, is not UTF-8 or holds no line
     */
    public static CtcDecoder readPaddleOcrKeys(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new CtcKeysException("expected a UTF-8 text file, found bytes that are not UTF-8", file.toString(), e);
        } catch (IOException e) {
            throw new CtcKeysException("cannot read the character dictionary (" + e.getMessage() + ")", file.toString(), e);
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        lines.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        if (lines.isEmpty()) {
            throw new CtcKeysException("expected one character per line, found an empty file", file.toString(), (Throwable) null);
        }
        return paddleOcr(lines, file.toString());
    }

    /** Number of classes the model must output: blank + characters + space. */
    public int classes() {
        return symbols.size();
    }

    /** Where the characters came from (file name), for messages. */
    public String source() {
        return source;
    }

    /** The string of a class (the blank is the empty string). */
    public String symbol(int cls) {
        return symbols.get(cls);
    }

    /**
     * Decodes one sample: {@code steps x classes()} scores (probabilities or logits) starting at
     * {@code offset} of {@code values}, row-major by step.
     */
    public String decode(float[] values, int offset, int steps) {
        int c = classes();
        if (offset < 0 || steps < 0 || offset + (long) steps * c > values.length) {
            throw new IllegalArgumentException("expected " + steps + " steps of " + c + " classes from offset " + offset
                    + ", found " + values.length + " values");
        }
        StringBuilder sb = new StringBuilder();
        int previous = -1;
        for (int t = 0; t < steps; t++) {
            int k = Top1Agreement.argmax(values, offset + t * c, c);
            if (k > 0 && k != previous) {
                sb.append(symbols.get(k));
            }
            previous = k;
        }
        return sb.toString();
    }

    /** Decodes every sample of an output {@code [N, T, classes()]}. */
    public List<String> decodeBatch(float[] values, long[] shape) {
        if (shape.length != 3 || shape[2] != classes()) {
            throw new CtcKeysException("expected an output [N, T, " + classes() + "] (blank + " + (classes() - 2)
                    + " characters of the dictionary + space), found " + java.util.Arrays.toString(shape), source,
                    "Give the dictionary the recognizer was trained with (PaddleOCR: ppocr_keys_v1.txt for the Chinese models).");
        }
        int n = (int) shape[0];
        int steps = (int) shape[1];
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(decode(values, i * steps * classes(), steps));
        }
        return out;
    }
}
