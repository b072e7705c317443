package io.quant4j.onnx.imports;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Deterministic test images for OCR models: lines of printed text (Java2D's sans-serif font,
 * antialiased) on paper, softened by one 5-tap binomial blur, as a normalized
 * {@code N x 3 x H x W} batch ({@code (v / 255 - mean_c) / std_c}, RGB). Image {@code b} of a
 * batch shifts the lines, the text and the ink colour.
 */
final class TextImages {
    private static final String[] LINES = {"Quant4j imports ONNX 2024", "PaddleOCR text detection", "Hello world 12345 abc",
        "INT8 quantization toolkit"};

    private TextImages() {}

    static float[] batch(int n, int h, int w, float[] mean, float[] std) {
        System.setProperty("java.awt.headless", "true");
        float[] out = new float[n * 3 * h * w];
        for (int b = 0; b < n; b++) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(new Color(245, 243, 235));
            g.fillRect(0, 0, w, h);
            g.setColor(new Color(20, 20, 30 + 40 * b));
            int size = Math.max(12, Math.min(h * 3 / 4, 28));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
            for (int y = size + 4, k = b; y < h; y += size * 2, k++) {
                g.drawString(LINES[k % LINES.length], 6 + 10 * b, y);
            }
            g.dispose();
            for (int c = 0; c < 3; c++) {
                float[] p = new float[h * w];
                int shift = 16 - 8 * c;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        p[y * w + x] = ((img.getRGB(x, y) >> shift) & 255) / 255f;
                    }
                }
                p = blur(p, h, w);
                for (int i = 0; i < h * w; i++) {
                    out[(b * 3 + c) * h * w + i] = (p[i] - mean[c]) / std[c];
                }
            }
        }
        return out;
    }

    /** The separable binomial blur [1 4 6 4 1] / 16, edges repeated. */
    private static float[] blur(float[] p, int h, int w) {
        float[] k = {1 / 16f, 4 / 16f, 6 / 16f, 4 / 16f, 1 / 16f};
        float[] q = new float[h * w];
        float[] r = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float acc = 0;
                for (int j = -2; j <= 2; j++) {
                    acc += k[j + 2] * p[y * w + Math.max(0, Math.min(w - 1, x + j))];
                }
                q[y * w + x] = acc;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float acc = 0;
                for (int j = -2; j <= 2; j++) {
                    acc += k[j + 2] * q[Math.max(0, Math.min(h - 1, y + j)) * w + x];
                }
                r[y * w + x] = acc;
            }
        }
        return r;
    }
}
