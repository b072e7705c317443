package io.quant4j.onnx.ocr;

import java.util.ArrayList;
import java.util.List;

/**
 * Boxes from a DB text detector's probability map, as PaddleOCR's {@code DBPostProcess} finds them
 * for axis-aligned text: pixels above {@code thresh} (0.3), 4-connected regions, each region's
 * bounding rectangle grown on every side by the unclip distance
 * {@code D = area * unclipRatio / perimeter} (unclip ratio 1.5; PaddleOCR grows the region's
 * minimum-area rectangle by the same distance with pyclipper), regions smaller than 3 pixels a
 * side or with a mean probability under {@code boxThresh} (0.6) left out.
 */
final class DbBoxes {
    /** An axis-aligned box, {@code [x0, x1) x [y0, y1)}. */
    record Box(int x0, int y0, int x1, int y1) {
        double iou(Box o) {
            double iw = Math.max(0, Math.min(x1, o.x1) - Math.max(x0, o.x0));
            double ih = Math.max(0, Math.min(y1, o.y1) - Math.max(y0, o.y0));
            double inter = iw * ih;
            return inter / ((double) (x1 - x0) * (y1 - y0) + (double) (o.x1 - o.x0) * (o.y1 - o.y0) - inter);
        }
    }

    private DbBoxes() {}

    /** How many ground-truth boxes a distinct found box overlaps with IoU of at least {@code minIou} (greedy, best first). */
    static int matches(List<Box> found, List<io.quant4j.data.text.TextBox> truth, double minIou) {
        boolean[] used = new boolean[found.size()];
        int matched = 0;
        for (io.quant4j.data.text.TextBox t : truth) {
            Box g = new Box(t.x(), t.y(), t.x() + t.width(), t.y() + t.height());
            int best = -1;
            double bestIou = minIou;
            for (int k = 0; k < found.size(); k++) {
                double v = found.get(k).iou(g);
                if (!used[k] && v >= bestIou) {
                    bestIou = v;
                    best = k;
                }
            }
            if (best >= 0) {
                used[best] = true;
                matched++;
            }
        }
        return matched;
    }

    static List<Box> find(float[] map, int h, int w, float thresh, float boxThresh, double unclipRatio) {
        int[] label = new int[h * w];
        List<Box> out = new ArrayList<>();
        int[] stack = new int[h * w];
        int next = 0;
        for (int start = 0; start < h * w; start++) {
            if (label[start] != 0 || map[start] <= thresh) {
                continue;
            }
            next++;
            int sp = 0;
            stack[sp++] = start;
            label[start] = next;
            int x0 = w;
            int y0 = h;
            int x1 = -1;
            int y1 = -1;
            double sum = 0;
            int count = 0;
            while (sp > 0) {
                int p = stack[--sp];
                int y = p / w;
                int x = p % w;
                x0 = Math.min(x0, x);
                x1 = Math.max(x1, x);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
                sum += map[p];
                count++;
                int[] nb = {y > 0 ? p - w : -1, y < h - 1 ? p + w : -1, x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1};
                for (int q : nb) {
                    if (q >= 0 && label[q] == 0 && map[q] > thresh) {
                        label[q] = next;
                        stack[sp++] = q;
                    }
                }
            }
            int bw = x1 - x0 + 1;
            int bh = y1 - y0 + 1;
            if (Math.min(bw, bh) < 3 || sum / count < boxThresh) {
                continue;
            }
            double d = (double) bw * bh * unclipRatio / (2.0 * (bw + bh));
            int grow = (int) Math.round(d);
            out.add(new Box(Math.max(0, x0 - grow), Math.max(0, y0 - grow), Math.min(w, x1 + 1 + grow), Math.min(h, y1 + 1 + grow)));
        }
        return out;
    }
}
