/**
 * Rendered printed text for OCR models, without any download: {@link io.quant4j.data.text.TextRenderer}
 * draws seeded pages (with the box and string of every line) for a text detector, line crops (with
 * their string) for a recognizer and upright or turned lines for a direction classifier, in the
 * DejaVu fonts of {@link io.quant4j.data.text.FontSet} on paper-like backgrounds;
 * {@link io.quant4j.data.text.OcrSpecs} holds the input specs of PaddleOCR's PP-OCRv4 detector,
 * recognizer and direction classifier and turns images into their input tensors;
 * {@link io.quant4j.data.text.CtcAlphabet} decodes a recognizer's CTC output.
 *
 * <pre>{@code
 * TextRenderer r = TextRenderer.dejavu();
 * TextLine line = r.line(TextRenderer.sampleSeed(0, i), 320, 48);
 * float[] x = OcrSpecs.batch(List.of(line.image()), OcrSpecs.REC);   // 1 x 3 x 48 x 320
 * String read = CtcAlphabet.read(keys, true).decodeGreedy(ctcOutput, 0, steps);
 * }</pre>
 */
package io.quant4j.data.text;
