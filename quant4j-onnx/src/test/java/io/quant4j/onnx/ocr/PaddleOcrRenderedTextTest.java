package io.quant4j.onnx.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import io.quant4j.data.text.CtcAlphabet;
import io.quant4j.data.text.OcrSpecs;
import io.quant4j.data.text.OrientedLine;
import io.quant4j.data.text.TextBox;
import io.quant4j.data.text.TextLine;
import io.quant4j.data.text.TextPage;
import io.quant4j.data.text.TextRenderer;
import io.quant4j.onnx.OrtOptions;
import io.quant4j.onnx.OrtRunner;
import io.quant4j.testing.DejaVuFonts;
import io.quant4j.testing.OcrModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PaddleOCR's FP32 models in ONNX Runtime read the rendered text as text: the data of
 * {@link TextRenderer}, preprocessed by {@link OcrSpecs}, is realistic input for quantizing them.
 * Measured with seeds 7, 8 and 9 on larger sets (32 pages with 283 lines, 256 lines, 256 crops):
 * the detector gives every line a mean probability above 0.5 along its middle and 0.00000 away
 * from the text, and its 283 DB-style boxes match 280 of the 283 lines at IoU 0.5; the recognizer
 * reads 251 of 256 lines exactly (misreads: O as 0, a space lost or doubled); the classifier gets
 * 250 of 256 crops right (125 of 128 of each class). The bounds below sit a few points under
 * those rates. The system properties {@code quant4j.ocr.pages}, {@code quant4j.ocr.lines} and
 * {@code quant4j.ocr.crops} (default 4, 32, 64) measure on more.
 */
class PaddleOcrRenderedTextTest {
    private static final OrtOptions ORT = OrtOptions.defaults().withThreads(2);

    private TextRenderer renderer;

    @BeforeEach
    void models() {
        OcrModels.assumeAvailable();
        renderer = DejaVuFonts.renderer();
    }

    @Test
    void theDetectorFindsEveryRenderedLineAndNothingElse() {
        int n = Integer.getInteger("quant4j.ocr.pages", 4);
        List<TextPage> pages = IntStream.range(0, n).mapToObj(i -> renderer.page(TextRenderer.sampleSeed(7, i), 480, 480)).toList();
        OrtRunner.Output y;
        try (OrtRunner det = OrtRunner.open(OcrModels.det(), ORT)) {
            y = det.run(OcrSpecs.batch(pages.stream().map(TextPage::image).toList(), OcrSpecs.DET), n, 3, 480, 480);
        }
        assertThat(y.shape()).containsExactly(n, 1, 480, 480);
        int lines = 0;
        int strong = 0;
        int matched = 0;
        int detected = 0;
        double away = 0;
        long awayPixels = 0;
        for (int p = 0; p < n; p++) {
            float[] map = new float[480 * 480];
            System.arraycopy(y.values(), p * map.length, map, 0, map.length);
            List<TextBox> boxes = pages.get(p).boxes();
            boolean[] near = new boolean[map.length];
            for (TextBox b : boxes) {
                lines++;
                strong += middleBandMean(map, b) > 0.5 ? 1 : 0;
                int m = b.height();
                for (int r = Math.max(0, b.y() - m); r < Math.min(480, b.y() + b.height() + m); r++) {
                    for (int c = Math.max(0, b.x() - m); c < Math.min(480, b.x() + b.width() + m); c++) {
                        near[r * 480 + c] = true;
                    }
                }
            }
            for (int i = 0; i < map.length; i++) {
                if (!near[i]) {
                    away += map[i];
                    awayPixels++;
                }
            }
            List<DbBoxes.Box> found = DbBoxes.find(map, 480, 480, 0.3f, 0.6f, 1.5);
            detected += found.size();
            matched += DbBoxes.matches(found, boxes, 0.5);
        }
        System.out.printf(Locale.ROOT, "PP-OCRv4 det on %d rendered pages: %d/%d lines with a middle-band mean above 0.5,"
                + " mean probability away from text %.5f, DB boxes %d, matched %d/%d at IoU 0.5%n", n, strong, lines,
                away / awayPixels, detected, matched, lines);
        assertThat(lines).isGreaterThanOrEqualTo(4 * n);
        assertThat(strong).isGreaterThanOrEqualTo((int) Math.ceil(0.95 * lines));
        assertThat(away / awayPixels).isLessThan(0.01);
        assertThat(matched).as("recall").isGreaterThanOrEqualTo((int) Math.ceil(0.9 * lines));
        assertThat(matched).as("precision").isGreaterThanOrEqualTo((int) Math.ceil(0.9 * detected));
    }

    /** The mean probability over the middle third of the box's rows, all its columns. */
    private static double middleBandMean(float[] map, TextBox b) {
        double s = 0;
        int count = 0;
        for (int r = b.y() + b.height() / 3; r <= b.y() + 2 * b.height() / 3; r++) {
            for (int c = b.x(); c < b.x() + b.width(); c++) {
                s += map[r * 480 + c];
                count++;
            }
        }
        return s / count;
    }

    @Test
    void theRecognizerReadsRenderedLines() {
        int n = Integer.getInteger("quant4j.ocr.lines", 32);
        List<TextLine> lines = IntStream.range(0, n).mapToObj(i -> renderer.line(TextRenderer.sampleSeed(8, i), 320, 48)).toList();
        CtcAlphabet alphabet = CtcAlphabet.read(OcrModels.keys(), true);
        OrtRunner.Output y;
        try (OrtRunner rec = OrtRunner.open(OcrModels.rec(), ORT)) {
            y = rec.run(OcrSpecs.batch(lines.stream().map(TextLine::image).toList(), OcrSpecs.REC), n, 3, 48, 320);
        }
        assertThat(y.shape()).containsExactly(n, 40, alphabet.size());
        int steps = (int) y.shape()[1];
        int exact = 0;
        List<String> misread = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String read = alphabet.decodeGreedy(y.values(), i * steps * alphabet.size(), steps);
            if (read.equals(lines.get(i).text())) {
                exact++;
            } else {
                misread.add("'" + lines.get(i).text() + "' -> '" + read + "'");
            }
        }
        System.out.printf(Locale.ROOT, "PP-OCRv4 rec on %d rendered lines: %d read exactly; misread: %s%n", n, exact, misread);
        assertThat(exact).isGreaterThanOrEqualTo((int) Math.ceil(0.9 * n));
    }

    @Test
    void theClassifierTellsUprightFromTurnedLines() {
        int n = Integer.getInteger("quant4j.ocr.crops", 64) & ~1;
        List<OrientedLine> lines = IntStream.range(0, n)
                .mapToObj(i -> renderer.orientedLine(TextRenderer.sampleSeed(9, i), 192, 48, i % 2 == 1)).toList();
        OrtRunner.Output y;
        try (OrtRunner cls = OrtRunner.open(OcrModels.cls(), ORT)) {
            y = cls.run(OcrSpecs.batch(lines.stream().map(OrientedLine::image).toList(), OcrSpecs.CLS), n, 3, 48, 192);
        }
        assertThat(y.shape()).containsExactly(n, 2);
        int[] right = new int[2];
        for (int i = 0; i < n; i++) {
            int predicted = y.values()[2 * i + 1] > y.values()[2 * i] ? 1 : 0;
            right[lines.get(i).label()] += predicted == lines.get(i).label() ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "mobile v2.0 cls on %d rendered lines: %d/%d upright, %d/%d turned right%n", n, right[0],
                n / 2, right[1], n / 2);
        assertThat(right[0] + right[1]).isGreaterThanOrEqualTo((int) Math.ceil(0.9 * n));
        assertThat(right[0]).isGreaterThanOrEqualTo((int) Math.ceil(0.85 * n / 2));
        assertThat(right[1]).isGreaterThanOrEqualTo((int) Math.ceil(0.85 * n / 2));
    }
}
