package io.quant4j.onnx.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quant4j.onnx.OrtOptions;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import io.quant4j.onnx.OrtRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CtcDecoderTest {
    @TempDir
    Path dir;

    /** One-hot scores of the classes per step: [steps, classes]. */
    private static float[] steps(int classes, int... cls) {
        float[] v = new float[cls.length * classes];
        for (int t = 0; t < cls.length; t++) {
            v[t * classes + cls[t]] = 1;
        }
        return v;
    }

    @Test
    void greedyDecodingMergesRepeatsAndDropsBlanks() {
        CtcDecoder d = CtcDecoder.paddleOcr(List.of("a", "b", "c"), "test");
        assertThat(d.classes()).isEqualTo(5); // blank, a, b, c, space
        assertThat(d.symbol(0)).isEmpty();
        assertThat(d.symbol(4)).isEqualTo(" ");
        // 0 1 1 0 1 2 2 4 3 -> merge -> 0 1 0 1 2 4 3 -> drop blanks -> a a b ' ' c
        assertThat(d.decode(steps(5, 0, 1, 1, 0, 1, 2, 2, 4, 3), 0, 9)).isEqualTo("aab c");
        // a blank separates real repeats; without it they merge
        assertThat(d.decode(steps(5, 2, 0, 2), 0, 3)).isEqualTo("bb");
        assertThat(d.decode(steps(5, 2, 2, 2), 0, 3)).isEqualTo("b");
        assertThat(d.decode(steps(5, 0, 0, 0), 0, 3)).isEmpty();
        // a batch [2, 3, 5]: sample 1 starts at 3 * 5
        float[] batch = new float[30];
        System.arraycopy(steps(5, 1, 1, 2), 0, batch, 0, 15);
        System.arraycopy(steps(5, 3, 0, 3), 0, batch, 15, 15);
        assertThat(d.decodeBatch(batch, new long[] {2, 3, 5})).containsExactly("ab", "cc");
        assertThatThrownBy(() -> d.decodeBatch(batch, new long[] {2, 5, 3})).isInstanceOf(CtcKeysException.class)
                .hasMessageContaining("[N, T, 5]");
    }

    @Test
    void readsADictionaryAsPaddleOcrDoes() throws Exception {
        Path keys = Files.writeString(dir.resolve("keys.txt"), "的\r\n一\n \nx", StandardCharsets.UTF_8);
        CtcDecoder d = CtcDecoder.readPaddleOcrKeys(keys);
        assertThat(d.classes()).isEqualTo(1 + 4 + 1);
        assertThat(List.of(d.symbol(1), d.symbol(2), d.symbol(3), d.symbol(4))).containsExactly("的", "一", " ", "x");
        Files.writeString(dir.resolve("nl.txt"), "a\nb\n");
        assertThat(CtcDecoder.readPaddleOcrKeys(dir.resolve("nl.txt")).classes()).isEqualTo(4);
        Files.write(dir.resolve("bad.txt"), new byte[] {(byte) 0xff, (byte) 0xfe, 'a'});
        assertThatThrownBy(() -> CtcDecoder.readPaddleOcrKeys(dir.resolve("bad.txt"))).isInstanceOf(CtcKeysException.class)
                .hasMessageContaining("UTF-8");
        Files.writeString(dir.resolve("empty.txt"), "");
        assertThatThrownBy(() -> CtcDecoder.readPaddleOcrKeys(dir.resolve("empty.txt"))).isInstanceOf(CtcKeysException.class);
        assertThatThrownBy(() -> CtcDecoder.readPaddleOcrKeys(dir.resolve("none.txt"))).isInstanceOf(CtcKeysException.class)
                .hasMessageContaining("none.txt");
    }

    /** A text line as PP-OCR's recognizer reads it: 3 x 48 x 320, BGR, (x / 255 - 0.5) / 0.5. */
    private static float[] textLine(String text) {
        BufferedImage img = new BufferedImage(320, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 320, 48);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font("DejaVu Sans", Font.PLAIN, 28));
        g.drawString(text, 6, 34);
        g.dispose();
        float[] x = new float[3 * 48 * 320];
        for (int y = 0; y < 48; y++) {
            for (int i = 0; i < 320; i++) {
                int p = img.getRGB(i, y);
                int[] bgr = {p & 0xff, (p >> 8) & 0xff, (p >> 16) & 0xff};
                for (int c = 0; c < 3; c++) {
                    x[c * 48 * 320 + y * 320 + i] = (bgr[c] / 255f - 0.5f) / 0.5f;
                }
            }
        }
        return x;
    }

    @Test
    void ppOcrV4RecognizerReadsRenderedTextThroughTheDecoder() {
        Path assets = OcrModels.assets();
        Assumptions.assumeTrue(assets != null, "the PP-OCR models are not fetched (tools/models/fetch-ocr-models)");
        Assumptions.assumeTrue(Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames())
                .contains("DejaVu Sans"), "the DejaVu fonts are not installed (fonts-dejavu-core)");
        CtcDecoder d = CtcDecoder.readPaddleOcrKeys(assets.resolve("ppocr_keys_v1.txt"));
        try (OrtRunner r = OrtRunner.open(assets.resolve("ch_PP-OCRv4_rec_infer.onnx"), OrtOptions.defaults())) {
            // spaces decode to the last class, so a wrong table would lose them or shift every character
            for (String text : List.of("hello world 123", "Invoice total 42.50")) {
                OrtRunner.Output y = r.run(textLine(text), 1, 3, 48, 320);
                assertThat(y.shape()).containsExactly(1, 40, d.classes());
                assertThat(d.decodeBatch(y.values(), y.shape())).containsExactly(text);
            }
        }
    }

    @Test
    void ppOcrV4RecognizerHasBlankPlusDictionaryPlusSpaceClasses() {
        Path assets = OcrModels.assets();
        Assumptions.assumeTrue(assets != null, "the PP-OCR models are not fetched (tools/models/fetch-ocr-models)");
        CtcDecoder d = CtcDecoder.readPaddleOcrKeys(assets.resolve("ppocr_keys_v1.txt"));
        assertThat(d.classes()).isEqualTo(1 + 6623 + 1);
        try (OrtRunner r = OrtRunner.open(assets.resolve("ch_PP-OCRv4_rec_infer.onnx"), OrtOptions.defaults().withThreads(1))) {
            long[] out = r.outputShape();
            assertThat(out[out.length - 1]).isEqualTo(d.classes());
        }
    }
}
