package io.quant4j.data.image;

/**
 * PIL's {@code Image.resize(size, BILINEAR)} on 8-bit images (ImagingResample in
 * {@code Resample.c}), bit for bit: a horizontal pass, whose result is rounded and clipped to
 * 8 bits, then a vertical pass; a pass is skipped when its axis keeps its size; the horizontal
 * pass only computes the rows the vertical pass reads. Each output value is
 * <pre>
 *   out = clip8((2^21 + sum_i in[start + i] * w[i]) >> 22)      (see {@link ResampleKernel})
 * </pre>
 * Because every output pixel depends only on its own row and column weights, the resize can be
 * restricted to a window of the output (a resize followed by a crop) and to a box of the input
 * (a crop followed by a resize) with exactly the values of the full computation.
 */
final class BilinearResampler {
    private BilinearResampler() {
    }

    /**
     * Resizes the {@code from} box of {@code src} (which must lie inside it) to
     * {@code outH x outW} and returns the {@code window} of that result (which must lie inside it).
     */
    static Image8 resize(Image8 src, CropBox from, int outH, int outW, CropBox window) {
        if (!from.inside(src.height(), src.width()) || !window.inside(outH, outW)) {
            throw new IllegalArgumentException("expected the source box " + from + " inside " + src + " and the window "
                    + window + " inside " + outH + " x " + outW);
        }
        int inH = from.height();
        int inW = from.width();
        boolean horizontal = outW != inW;
        boolean vertical = outH != inH;
        if (!horizontal && !vertical) {
            return src.crop(from.top() + window.top(), from.left() + window.left(), window.height(), window.width());
        }
        ResampleKernel kv = vertical ? ResampleKernel.bilinear(inH, outH) : null;
        int firstRow = vertical ? kv.start[window.top()] : window.top();
        int lastOut = window.top() + window.height() - 1;
        int endRow = vertical ? kv.start[lastOut] + kv.count[lastOut] : lastOut + 1;
        Image8 rows = horizontal
                ? horizontal(src, from.top() + firstRow, endRow - firstRow, from.left(), ResampleKernel.bilinear(inW, outW),
                        window.left(), window.width())
                : src.crop(from.top() + firstRow, from.left() + window.left(), endRow - firstRow, window.width());
        return vertical ? vertical(rows, firstRow, kv, window.top(), window.height()) : rows;
    }

    /** Rows {@code top .. top + rows - 1} of {@code src}, columns from {@code left}, resampled to output columns {@code x0 .. x0 + w - 1}. */
    private static Image8 horizontal(Image8 src, int top, int rows, int left, ResampleKernel k, int x0, int w) {
        int ch = src.channels();
        byte[] in = src.data();
        byte[] out = new byte[rows * w * ch];
        int[] kw = k.weights;
        int o = 0;
        for (int r = 0; r < rows; r++) {
            int rowBase = ((top + r) * src.width() + left) * ch;
            for (int x = x0; x < x0 + w; x++) {
                int n = k.count[x];
                int kOff = x * k.taps;
                int p = rowBase + k.start[x] * ch;
                if (ch == 1) {
                    int s = ResampleKernel.HALF;
                    for (int t = 0; t < n; t++) {
                        s += (in[p + t] & 0xFF) * kw[kOff + t];
                    }
                    out[o++] = (byte) ResampleKernel.clip8(s);
                } else {
                    int s0 = ResampleKernel.HALF;
                    int s1 = ResampleKernel.HALF;
                    int s2 = ResampleKernel.HALF;
                    for (int t = 0; t < n; t++, p += 3) {
                        int wt = kw[kOff + t];
                        s0 += (in[p] & 0xFF) * wt;
                        s1 += (in[p + 1] & 0xFF) * wt;
                        s2 += (in[p + 2] & 0xFF) * wt;
                    }
                    out[o++] = (byte) ResampleKernel.clip8(s0);
                    out[o++] = (byte) ResampleKernel.clip8(s1);
                    out[o++] = (byte) ResampleKernel.clip8(s2);
                }
            }
        }
        return new Image8(rows, w, ch, out);
    }

    /** Output rows {@code y0 .. y0 + h - 1} from {@code rows}, whose first row is input row {@code firstRow}. */
    private static Image8 vertical(Image8 rows, int firstRow, ResampleKernel k, int y0, int h) {
        int stride = rows.width() * rows.channels();
        byte[] in = rows.data();
        byte[] out = new byte[h * stride];
        int[] acc = new int[stride];
        for (int y = 0; y < h; y++) {
            int oy = y0 + y;
            java.util.Arrays.fill(acc, ResampleKernel.HALF);
            int kOff = oy * k.taps;
            for (int t = 0; t < k.count[oy]; t++) {
                int wt = k.weights[kOff + t];
                int p = (k.start[oy] - firstRow + t) * stride;
                for (int i = 0; i < stride; i++) {
                    acc[i] += (in[p + i] & 0xFF) * wt;
                }
            }
            int o = y * stride;
            for (int i = 0; i < stride; i++) {
                out[o + i] = (byte) ResampleKernel.clip8(acc[i]);
            }
        }
        return new Image8(h, rows.width(), rows.channels(), out);
    }
}
