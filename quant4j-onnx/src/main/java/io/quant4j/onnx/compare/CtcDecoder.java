package io.quant4j.onnx.compare;

import io.quant4j.data.text.CtcAlphabet;
import io.quant4j.errors.Quant4jException;
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
 * The class table is a {@link CtcAlphabet} (one rule for dictionaries and decoding), as PaddleOCR's {@code CTCLabelDecode} with {@code use_space_char}: class 0
 * is the blank, classes {@code 1..k} are the {@code k} lines of the character dictionary (e.g.
 * {@code ppocr_keys_v1.txt}, 6,623 lines), and class {@code k + 1} is a space, so the model has
 * {@code C = k + 2} classes (6,625 for PP-OCRv4's Chinese recognizer).
 */
public final class CtcDecoder {
    private final CtcAlphabet alphabet;
    private final String source;

    private CtcDecoder(CtcAlphabet alphabet, String source) {
        this.alphabet = alphabet;
        this.source = source;
    }

    /** Blank, then {@code characters}, then a space (PaddleOCR's {@code use_space_char}). */
    public static CtcDecoder paddleOcr(List<String> characters, String source) {
        return new CtcDecoder(CtcAlphabet.of(characters, true), source);
    }

    /**
     * Reads a PaddleOCR character dictionary ({@link CtcAlphabet#read}, with the space class).
     *
     * @throws CtcKeysException when the file cannot be read, is not UTF-8, is empty or holds an empty line
     */
    public static CtcDecoder readPaddleOcrKeys(Path file) {
        try {
            return new CtcDecoder(CtcAlphabet.read(file, true), file.toString());
        } catch (CtcKeysException e) {
            throw e;
        } catch (Quant4jException e) {
            throw new CtcKeysException(e.getMessage(), file.toString(), e);
        }
    }

    /** Number of classes the model must output: blank + characters + space. */
    public int classes() {
        return alphabet.size();
    }

    /** Where the characters came from (file name), for messages. */
    public String source() {
        return source;
    }

    /** The string of a class (the blank is the empty string). */
    public String symbol(int cls) {
        return alphabet.symbol(cls);
    }

    /**
     * Decodes one sample: {@code steps x classes()} scores (probabilities or logits) starting at
     * {@code offset} of {@code values}, row-major by step.
     */
    public String decode(float[] values, int offset, int steps) {
        return alphabet.decodeGreedy(values, offset, steps);
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
